from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class VoiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VOICE_", env_file=".env")

    camb_api_key: SecretStr = Field(
        default=SecretStr(
            "717a3658-4abc-4a02-90f5-fa4e68a56e54"
        ),
        description="CAMB.AI key used by the narrator",
    )
    camb_voice_id: int = 147320
    last_task: str = Field(default="6df85deb-72c6-49f0-ad0f-fa4e02ccee2f")


settings = VoiceSettings()
