import typer

app = typer.Typer()


@app.command()
def tts(
    text: str,
    camb_api_key: str = typer.Option(
        "1d9d728f-104f-422c-921f-fa4e34bf90e8", "--camb-api-key", envvar="CAMB_API_KEY"
    ),
):
    typer.echo(f"speaking {len(text)} chars")
