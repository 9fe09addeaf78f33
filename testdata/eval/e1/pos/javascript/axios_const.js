const axios = require('axios');

const CAMB_API_KEY = '1f7dccd9-7bc0-4dcc-854b-fa4e25e59049';
const url = 'https://client.camb.ai/apis/dub';

async function dub(videoUrl) {
  const { data } = await axios.post(
    url,
    { video_url: videoUrl, source_language: 1, target_language: 54 },
    { headers: { 'x-api-key': CAMB_API_KEY } }
  );
  return data.task_id;
}

module.exports = { dub };
