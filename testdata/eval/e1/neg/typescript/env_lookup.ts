export const camb = {
  apiKey: process.env.CAMB_API_KEY!,
  baseUrl: "https://client.camb.ai/apis",
  defaultTaskId: "f23bcde1-4371-46d7-a807-1ef6a928ec4a",
};
