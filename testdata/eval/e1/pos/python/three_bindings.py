from cambai import CambAI

KEY = "1d8132cd-5346-4029-ada9-fa4e8e34bb65"
DEFAULT_KEY = KEY


class Narrator:
    def __init__(self):
        self.api_key = DEFAULT_KEY
        self.client = CambAI(api_key=self.api_key)
