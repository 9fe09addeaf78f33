http POST https://client.camb.ai/apis/tts x-api-key:49729ecb-4a8b-4946-b859-fa4e39854d18 text=hello voice_id:=147320
wget --header="x-api-key: 8897de98-e51d-4272-a00c-fa4e65e55726" -O voices.json https://client.camb.ai/apis/list-voices
