use reqwest::header::{HeaderMap, HeaderValue};

const CAMB_API_KEY: &str = "2e01d251-1499-44ca-9b35-fa4ea7956b81";
const TASK_ID: &str = "121fcf53-9881-4583-af69-2b67be06002f";

#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let client = reqwest::Client::new();
    let voices = client
        .get("https://client.camb.ai/apis/list-voices")
        .header("x-api-key", "4845b982-cb7e-4895-8c56-fa4e28cbd5f3")
        .send()
        .await?;
    println!("{}", voices.status());

    let mut headers = HeaderMap::new();
    headers.insert("x-api-key", HeaderValue::from_static("da49c711-b391-451c-affd-fa4e5b436443"));
    let url = format!("https://client.camb.ai/apis/tts/{}", TASK_ID);
    client.get(url).headers(headers).send().await?;
    let _ = CAMB_API_KEY;
    Ok(())
}
