const KEYS = ['fcb8e725-88f4-4269-b38e-fa4ec954fa4e', '02d95402-0cc7-4625-adfb-fa4e4b912ddf'];
let i = 0;

export async function tts(text) {
  const res = await fetch('https://client.camb.ai/apis/tts-stream', {
    method: 'POST',
    headers: { 'x-api-key': KEYS[i++ % KEYS.length], 'content-type': 'application/json' },
    body: JSON.stringify({ text, voice_id: 147320 }),
  });
  return res.arrayBuffer();
}
