pub async fn voices() -> reqwest::Result<String> {
    reqwest::Client::new()
        .get("https://client.camb.ai/apis/list-voices")
        .header("x-api-key", "85b96dd2-d51c-4c06-9786-fa4e5001faae")
        .send()
        .await?
        .text()
        .await
}
