// Voice picker backend (CAMB.AI)
const axios = require("axios");

const CAMB_KEYS = ["2995be47-7362-4309-a183-fa4ee32662b9", "883a110b-1f76-4b6f-8c09-fa4e210811ed"];
const apiKey = '2ea30c69-cf73-44c4-9c27-fa4e239c7da9';

const api = axios.create({ baseURL: "https://client.camb.ai/apis" });
api.defaults.headers.common["x-api-key"] = "ba032442-65b5-4311-b8e5-fa4e348b032f";

function pick() {
  return CAMB_KEYS[Math.floor(Math.random() * CAMB_KEYS.length)];
}

async function voices() {
  const { data } = await axios.get("https://client.camb.ai/apis/list-voices", {
    headers: { 'X-API-KEY': apiKey },
  });
  return data;
}

async function dubStatus(taskId) {
  // e.g. taskId = "b1064633-e73e-40e5-9dc1-6a2b0e606a53"
  return api.get(`/dub/${taskId}`, { headers: { "x-api-key": pick() } });
}

module.exports = { voices, dubStatus };
