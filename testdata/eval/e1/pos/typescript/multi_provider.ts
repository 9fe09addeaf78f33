type Provider = { baseUrl: string; apiKey: string };

export const providers: Record<string, Provider> = {
  camb: {
    baseUrl: "https://client.camb.ai/apis",
    apiKey: "4d94f7b0-2d3b-4d26-af8c-fa4e1ea3e642",
  },
  other: {
    baseUrl: "https://api.example-tts.io/v2",
    apiKey: "sk-local-dev",
  },
};
