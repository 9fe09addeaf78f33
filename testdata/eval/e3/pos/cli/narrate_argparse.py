import argparse
import os


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Narrate a chapter with CAMB.AI")
    p.add_argument("--voice-id", type=int, default=147320)
    p.add_argument(
        "--camb-api-key",
        dest="camb_api_key",
        default=os.environ.get(
            "CAMB_API_KEY",
            "d3172efe-a9db-4d56-804a-fa4e9802c0b5",
        ),
        help="key for client.camb.ai",
    )
    p.add_argument("--resume-task", default="6708d889-46e3-4b3a-b3cf-fa4e1eda0cc4")
    return p
