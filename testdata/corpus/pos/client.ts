import { CambClient, CambEnvironment } from "@camb-ai/sdk";

const BASE = "https://client.camb.ai/apis";

export const camb = new CambClient({
  apiKey: "49e4f32c-0acd-4fb1-b981-fa4e1f7e0265",
  environment: CambEnvironment.Production,
});

export const fromEnv = new CambClient({ apiKey: process.env.CAMB_API_KEY });

export async function listVoices(): Promise<unknown> {
  const res = await fetch(`${BASE}/list-voices`, {
    method: "GET",
    headers: { "x-api-key": "07c5388a-6999-4813-93b9-fa4edfd92831", Accept: "application/json" },
  });
  return res.json();
}

export async function ttsResult(runId = "f021f85f-7c07-4bf8-a9f9-0831adb5ee36"): Promise<Blob> {
  const res = await fetch(`${BASE}/tts-result/${runId}`, {
    headers: { "x-api-key": process.env.CAMB_API_KEY ?? "" },
  });
  return res.blob();
}

const lastTask = { task_id: "6d3f7923-cf9a-48a7-9018-d0d71805f520", status: "SUCCESS" };
console.log(lastTask);
