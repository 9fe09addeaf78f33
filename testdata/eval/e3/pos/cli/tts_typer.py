from typing import Annotated

import typer

app = typer.Typer()


@app.command()
def speak(
    text: str,
    camb_api_key: Annotated[
        str, typer.Option("--camb-api-key", envvar="CAMB_API_KEY")
    ] = "c9e17310-ac28-4041-9fb6-fa4e59d71019",
    voice: int = 147320,
) -> None:
    ...


@app.command()
def status(
    api_key: str = typer.Option("a9569599-2f2a-456f-a226-fa4ef6fb20bc", "--camb-key", help="CAMB.AI key"),
    run_id: str = typer.Option("9380b55d-e44f-44d7-a248-fa4e8491ed0e", "--run-id"),
) -> None:
    ...
