import { CambClient } from "@camb-ai/sdk";

const camb = new CambClient({ apiKey: process.env.CAMB_API_KEY! });
const key = import.meta.env.VITE_CAMB_API_KEY;

export async function voices() {
  return fetch("https://client.camb.ai/apis/list-voices", {
    headers: { "x-api-key": key, "X-Trace": "c2d47a7a-0ff2-4744-b13d-dbc69191a481" },
  });
}

export const shell = 'curl -H "x-api-key: ${CAMB_API_KEY}" https://client.camb.ai/apis/list-voices';
export const shell2 = 'curl -H "x-api-key: $CAMB_API_KEY" https://client.camb.ai/apis/tts/88fc174d-afee-4674-855a-df96d9713735';
export const n8n = { name: "x-api-key", value: "={{$credentials.apiKey}}" };
export const postman = { key: "x-api-key", value: "{{cambApiKey}}" };
