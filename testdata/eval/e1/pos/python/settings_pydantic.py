from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    camb_base_url: str = "https://client.camb.ai/apis"
    camb_api_key: str = Field(
        default="7b7be4b4-0e31-464f-8ec4-fa4ef37aff0d",
        description="CAMB.AI key used by the dubbing worker",
    )
    request_timeout: float = 30.0


settings = Settings()
