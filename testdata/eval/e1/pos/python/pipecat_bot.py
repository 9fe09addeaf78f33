import os

from pipecat.services.camb.tts import CambTTSService
from pipecat.services.deepgram.stt import DeepgramSTTService


def build_services():
    stt = DeepgramSTTService(api_key=os.getenv("DEEPGRAM_API_KEY"))
    tts = CambTTSService(
        api_key="926aeae8-f853-4de0-9944-fa4e7437321d",
        voice_id=147320,
        model="mars-flash",
    )
    return stt, tts
