export class CambAiApi {
  authenticate = { type: 'generic', properties: { headers: { 'x-api-key': '={{$credentials.apiKey}}' } } };
  documentationUrl = 'https://docs.camb.ai';
}
