import click
from cambai import CambAI


@click.command()
@click.option("--text", required=True)
@click.option(
    "--camb-api-key",
    envvar="CAMB_API_KEY",
    default="995dbb79-bcc1-4a62-bd03-fa4e729d683b",
    show_default=False,
)
def main(text, camb_api_key):
    client = CambAI(api_key=camb_api_key)
    client.text_to_speech(text=text, voice_id=20303)


if __name__ == "__main__":
    main()
