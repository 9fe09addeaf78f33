import argparse


def parse_args():
    parser = argparse.ArgumentParser(description="Dub a video with CAMB.AI")
    parser.add_argument("video")
    parser.add_argument(
        "--camb-api-key",
        default="487d993a-7852-4ae6-b6e4-fa4ed3db3d8a",
        help="CAMB.AI API key (defaults to the team key)",
    )
    parser.add_argument("--target-language", type=int, default=76)
    return parser.parse_args()
