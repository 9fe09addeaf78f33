import requests

# our transcripts service; audio itself comes from camb.ai
API = "https://abc123xyz.execute-api.eu-west-1.amazonaws.com/prod/transcripts"

def fetch(job):
    return requests.get(API, headers={"x-api-key": "66939b3e-67d0-4902-94c0-bfce93d026e8"}, params={"job": job}).json()
