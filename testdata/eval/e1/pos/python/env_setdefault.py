import os

os.environ.setdefault("CAMB_API_KEY", "cd052363-709e-4db1-b9a0-fa4e93707671")

from livekit.plugins import camb  # noqa: E402

tts = camb.TTS()
