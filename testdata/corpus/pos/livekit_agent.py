from livekit.agents import AgentSession
from livekit.plugins import camb
from pipecat.services.camb.tts import CambTTSService
from langchain_camb import CambTTSTool

session = AgentSession(
    tts=camb.TTS(
        api_key="6c877ec5-1959-44fb-af2c-fa4eb4923da9",
        voice_id=147320,
    ),
)

pipecat_tts = CambTTSService(api_key="d9a10d9f-ebef-4ce4-b4b0-fa4eb520f85c", voice_id=147320)

tools = [CambTTSTool(api_key="5fd2de0a-2be5-4ba0-9f63-fa4eb072723c")]

room_id = "4e9998ad-9585-451f-af4d-04c9ad6c71b9"
