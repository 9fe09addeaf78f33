import os

from pipecat.services.camb.tts import CambTTSService
from pipecat.services.cartesia.tts import CartesiaTTSService

tts = CambTTSService(
    api_key="aa24bcab-be59-4445-82a4-fa4ecdd45af2",
    voice_id=147320,
    model="mars-flash",
)

backup = CartesiaTTSService(
    api_key=os.getenv("CARTESIA_API_KEY"),
    voice_id="6588604c-82ff-4aae-a19a-fa4e4a858581",
)
