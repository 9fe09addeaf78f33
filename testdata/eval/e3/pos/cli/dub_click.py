import click
from camb.client import CambAI


@click.command()
@click.option(
    "--camb-key",
    envvar="CAMB_API_KEY",
    default="a0fdcff7-39d5-4966-9114-fa4ee231db9d",
    show_default=False,
    help="CAMB.AI API key",
)
@click.option("--task", default="11b0a1d9-e18c-4db4-968d-fa4e64dfb8e4", help="existing dubbing task")
def main(camb_key: str, task: str) -> None:
    client = CambAI(api_key=camb_key)
    click.echo(client.dub.get_dubbing_status(task_id=task))
