from camb.client import CambApi, save_stream_to_file
from camb.types.stream_tts_output_configuration import StreamTtsOutputConfiguration

client = CambApi(api_key="c8abbcaf-be1e-4084-b147-fa4ec151487e")

stream = client.text_to_speech.tts(
    text="Welcome back.",
    voice_id=20303,
    language="en-us",
    output_configuration=StreamTtsOutputConfiguration(format="wav"),
)
save_stream_to_file(stream, "out.wav")
