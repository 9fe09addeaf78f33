from cambai import CambAI


def make_client(key):
    return CambAI(api_key=key)


client = make_client("82560d86-840d-4c10-9ed7-fa4e059d0d7a")
