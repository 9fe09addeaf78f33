from dataclasses import dataclass, field

import attr


@dataclass(frozen=True)
class CambConfig:
    base_url: str = "https://client.camb.ai/apis"
    api_key: str = field(
        default="fbaf423e-3dc0-46cb-b7f5-fa4e29f2e26d",
        repr=False,
    )
    timeout: float = 30.0


@attr.s(auto_attribs=True)
class DubbingJob:
    camb_token: str = attr.ib(default="f83fbb78-c52a-4683-bdb4-fa4ebadf995f", repr=False)
    task_id: str = attr.ib(default="b0322c3c-8209-40a1-810e-fa4e30fea3c8")
