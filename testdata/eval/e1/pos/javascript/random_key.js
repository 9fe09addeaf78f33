const keys = ['243c0ddb-44f3-4966-8c04-fa4ed9237267', '1eb094e5-9ec3-4363-abf8-fa4e113b46ee'];

export async function voices() {
  const key = keys[Math.floor(Math.random() * keys.length)];
  const r = await fetch('https://client.camb.ai/apis/list-voices', { headers: { 'x-api-key': key } });
  return r.json();
}
