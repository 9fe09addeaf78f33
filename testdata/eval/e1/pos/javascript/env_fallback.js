const apiKey = process.env.CAMB_API_KEY || 'd7ba78b4-6788-49e5-bd59-fa4ed069757d';

module.exports = { apiKey, baseUrl: 'https://client.camb.ai/apis' };
