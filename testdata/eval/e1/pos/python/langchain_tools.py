import os

from langchain_camb import CambToolkit, CambTTSTool

os.environ["CAMB_API_KEY"] = "de8218f4-7e5b-4707-a889-fa4e7e06378b"

tts = CambTTSTool()
toolkit = CambToolkit()
