from pipecat.services.camb.tts import CambTTSService
from pipecat.services.cartesia.tts import CartesiaTTSService
import os

tts = CambTTSService(api_key=os.getenv("CAMB_API_KEY"), voice_id=147320)
fallback = CartesiaTTSService(
    api_key=os.getenv("CARTESIA_API_KEY"),
    voice_id="917e25af-5523-4405-a6f2-fa4e8c415704",  # British Reading Lady
)
