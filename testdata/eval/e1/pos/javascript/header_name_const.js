const API_KEY_HEADER = 'x-api-key';
const BASE = 'https://client.camb.ai/apis';

export function cambHeaders() {
  const headers = { 'Content-Type': 'application/json' };
  headers[API_KEY_HEADER] = '478e93c0-db2e-468e-ad1d-fa4e1486f756';
  return headers;
}

export const voices = () => fetch(`${BASE}/list-voices`, { headers: cambHeaders() });
