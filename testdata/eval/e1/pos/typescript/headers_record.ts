const CAMB_URL = "https://client.camb.ai/apis/translated-tts";

const headers: Record<string, string> = {
  "X-API-KEY": "aaa84930-4d1b-41f7-8a90-fa4e5da87e97",
  "Content-Type": "application/json",
};

export const translatedTts = (body: unknown) =>
  fetch(CAMB_URL, { method: "POST", headers, body: JSON.stringify(body) });
