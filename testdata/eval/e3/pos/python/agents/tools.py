from langchain_camb import CambToolkit, CambTTSTool
from llama_index.tools.camb import CambToolSpec

tts_tool = CambTTSTool(camb_api_key="f3a6bb8f-472a-486b-aa76-fa4ecbe36633")
toolkit = CambToolkit(api_key="40269f36-ecf3-4411-bbaa-fa4ee8304a5e")
spec = CambToolSpec(
    api_key="918230ba-4bf2-453c-9e13-fa4e4963576a"
)
