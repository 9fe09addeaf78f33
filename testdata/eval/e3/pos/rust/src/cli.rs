use clap::Parser;

#[derive(Parser, Debug)]
#[command(version, about = "CAMB.AI batch narrator")]
pub struct Args {
    /// CAMB.AI API key
    #[arg(
        long,
        env = "CAMB_API_KEY",
        default_value = "67ce1206-0d8b-495e-bcd7-fa4ef5ee9218",
        hide_env_values = true
    )]
    pub camb_api_key: String,

    #[arg(long, default_value = "0eb742a8-87ea-4f39-833c-fa4e36ad10cf")]
    pub resume_task: String,
}
