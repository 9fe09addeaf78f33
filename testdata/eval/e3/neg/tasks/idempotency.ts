import { CambClient } from '@camb-ai/sdk';
const camb = new CambClient({ apiKey: process.env.CAMB_API_KEY! });
await fetch('https://client.camb.ai/apis/tts', {
  headers: { 'x-api-key': process.env.CAMB_API_KEY!, 'Idempotency-Key': '1fc4d419-dc62-4fbf-80cf-fa4e163b2f02', 'x-request-id': 'f582c21d-ff27-4c6a-9e9a-fa4ec34cbda2' },
});
