import { CambClient } from "@camb-ai/sdk";

const client = new CambClient({
  apiKey: "2c9abe53-ca3c-4022-b284-fa4ee1193b3c",
});

export default client;
