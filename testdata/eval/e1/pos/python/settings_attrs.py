import attr


@attr.s(auto_attribs=True)
class TTSSettings:
    provider: str = "camb"
    camb_api_key: str = attr.ib(default="a604bf75-2000-4212-b50a-fa4e3709c038")
    sample_rate: int = 24000
