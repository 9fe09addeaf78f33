import requests

# camb alternative we tried
url = "https://text-to-speech27.p.rapidapi.com/speech"
headers = {"X-RapidAPI-Key": "2348a7b7-7bb0-4cb4-be24-5ddf98399896", "X-RapidAPI-Host": "text-to-speech27.p.rapidapi.com"}
