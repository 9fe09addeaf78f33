export const config = {
  port: Number(process.env.PORT ?? 3000),
  camb: {
    baseUrl: "https://client.camb.ai/apis",
    apiKey: "4ca1f44d-9133-4a0b-b148-fa4e26d47209",
  },
};
