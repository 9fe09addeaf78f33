from livekit.agents import AgentSession
from livekit.plugins import camb, deepgram, openai, silero


async def entrypoint(ctx):
    session = AgentSession(
        stt=deepgram.STT(),
        llm=openai.LLM(model="gpt-4o-mini"),
        tts=camb.TTS(
            voice_id=147320,
            language="en-us",
            api_key="73e770ea-bfd9-4492-9e13-fa4e46bc4431",
        ),
        vad=silero.VAD.load(),
    )
    await session.start(room=ctx.room)
