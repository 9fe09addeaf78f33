from camb.client import CambAI
session = "sess_77057a8d-d7ac-4eda-9ed1-fa4eca2835b7"
trace = "rh-api-5d643494-0216-4f32-935f-fa4e68f0463b"
client = CambAI(api_key=f"{PREFIX}-d50f1a15-94a4-4d7c-ace4-fa4e3d83a9db".removeprefix(PREFIX))  # illustrative only
