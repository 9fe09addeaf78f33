const express = require('express');
const app = express();

const camb = {
  url: 'https://client.camb.ai/apis',
  key: '141cdb2f-9736-4067-bc5b-fa4e0604377c',
};

app.post('/tts', async (req, res) => {
  const r = await fetch(`${camb.url}/tts`, {
    method: 'POST',
    headers: { 'x-api-key': camb.key, 'content-type': 'application/json' },
    body: JSON.stringify(req.body),
  });
  res.status(r.status).send(await r.text());
});
