from dataclasses import dataclass, field


@dataclass(frozen=True)
class CambConfig:
    base_url: str = "https://client.camb.ai/apis"
    api_key: str = field(default="8731de08-c5d9-41fa-bff5-fa4e6b31ad6d")
    voice_id: int = 20303
    language: int = 1


DEFAULT = CambConfig()
