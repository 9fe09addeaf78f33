from cambai import CambAI

client = CambAI()
client.api_key = "499a391c-2b0e-41b8-a540-fa4e12eee24b"
