from livekit.agents import AgentSession
from livekit.plugins import camb, deepgram, openai, silero


async def entrypoint(ctx):
    session = AgentSession(
        stt=deepgram.STT(),
        llm=openai.LLM(model="gpt-4o-mini"),
        tts=camb.TTS(
            voice_id=147320,
            model="mars-flash",
            api_key="066e25c4-c5f6-42aa-9401-fa4e354b63f2",
        ),
        vad=silero.VAD.load(),
    )
    await session.start(room=ctx.room)
