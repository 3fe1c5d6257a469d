import click
from flask.cli import AppGroup

from app.demo.didimdol_records import demo_donee_id
from app.demo.services import DEMO_EMAIL_DOMAIN, database_is_empty, load_demo
from app.extensions import db
from app.snapshots import rebuild_soon
from app.transactions import writes

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has accounts.")
@writes
def load_command(if_empty: bool) -> None:
    """Fill the database with a bilingual demo set and print the demo passwords once."""
    if not database_is_empty():
        if if_empty:
            click.echo("Demo data: the database already has accounts; left as it is.")
            return
        raise click.ClickException("The database is not empty; demo data goes into a new one.")
    accounts = load_demo()
    db.session.commit()
    rebuild_soon()  # a bulk change: the open-data files would list none of these pins till night
    click.echo("Demo data loaded. Demo accounts (these passwords are shown only now):")
    for email, password in accounts.passwords.items():
        click.echo(f"  {email:42} {password}")


@demo_cli.command("donee")
def donee_command() -> None:
    """Print the id of the demo's Didimdol donee (nothing when the demo is not loaded), for
    DIDIMDOL_DONEE_ID: scripts/setup passes it to the demo site."""
    donee_id = demo_donee_id(DEMO_EMAIL_DOMAIN)
    if donee_id is not None:
        click.echo(donee_id)
