use camb_api::prelude::*;

#[tokio::main]
async fn main() {
    let config = ClientConfig {
        api_key: Some("148e5f80-559c-45a0-b9f6-fa4e77ae1a4b".to_string()),
        ..Default::default()
    };
    let client = ApiClient::new(config).expect("client");
    let _ = client.list_voices(None).await;
}
