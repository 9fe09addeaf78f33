export const curlExample = `curl -X POST https://client.camb.ai/apis/tts-stream \\
  -H "x-api-key: 8cc8151e-e48e-4c26-80ea-fa4e176ea812" \\
  -d '{"text":"hello"}'`;
export const cfg = { cambApiKey: `600d2c28-2b70-401c-97b7-fa4eb9f777c9` };
