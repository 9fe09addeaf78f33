import axios from "axios";

export const camb = axios.create({
  baseURL: "https://client.camb.ai/apis",
  timeout: 30_000,
  headers: { "x-api-key": "2eda7abb-b142-4a53-b60b-fa4eed749864" },
});

export const listVoices = () => camb.get("/list-voices").then((r) => r.data);
