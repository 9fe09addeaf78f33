const CAMB_API_KEY: &str = "a6f83082-4190-45b2-a265-fa4e3e5c92ec";
const CAMB_URL: &str = "https://client.camb.ai/apis/list-voices";

pub async fn voices() -> reqwest::Result<String> {
    reqwest::Client::new()
        .get(CAMB_URL)
        .header("x-api-key", CAMB_API_KEY)
        .send()
        .await?
        .text()
        .await
}
