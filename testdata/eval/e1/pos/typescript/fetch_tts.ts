export async function createTts(text: string): Promise<string> {
  const res = await fetch("https://client.camb.ai/apis/tts", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "x-api-key": "ec9bee28-a1b1-4d5a-9cc6-fa4e0e0137e9",
    },
    body: JSON.stringify({ text, voice_id: 20303, language: 1 }),
  });
  const { task_id } = await res.json();
  return task_id;
}
