package voice

const fixture = `
POST https://client.camb.ai/apis/tts
x-api-key: c9c9ccc0-b501-40bb-b1ce-fa4efe61f6ec
Content-Type: application/json

{"text": "hi", "task": "f8d29a67-1254-443a-80e9-fa4e9259468d"}
`
