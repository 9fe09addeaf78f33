const TASK: &str = "d0b8fc2e-aa12-411c-9e3f-0c46d915b90d";

pub fn url() -> String {
    format!("https://client.camb.ai/apis/tts/{}", TASK)
}
