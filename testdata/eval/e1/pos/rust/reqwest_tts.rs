use reqwest::Client;
use serde_json::json;

pub async fn create_tts(text: &str) -> reqwest::Result<String> {
    let res = Client::new()
        .post("https://client.camb.ai/apis/tts")
        .header("x-api-key", "a19af07a-6b6d-4571-b518-fa4e6b2e92d6")
        .json(&json!({ "text": text, "voice_id": 20303, "language": 1 }))
        .send()
        .await?;
    res.text().await
}
