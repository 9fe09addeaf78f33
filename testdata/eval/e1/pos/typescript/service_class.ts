export class CambService {
  private readonly apiKey = "fffb83f9-e264-4200-811f-fa4e089032c4";
  private readonly baseUrl = "https://client.camb.ai/apis";

  async status(taskId: string) {
    const res = await fetch(`${this.baseUrl}/tts/${taskId}`, {
      headers: { "x-api-key": this.apiKey },
    });
    return res.json();
  }
}
