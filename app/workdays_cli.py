"""`flask workdays show 2026-09`: a month as the office clock sees it, for the operator to check
the holidays and declared closures before they move deadlines (app/workdays.py). In English,
like Flask's own commands."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from app.workdays import triage_policy

workdays_cli = AppGroup("workdays", help="Working days and office hours of the deadlines.")


def _month(value: str) -> tuple[int, int]:
    try:
        moment = datetime.strptime(value, "%Y-%m")
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a month such as 2026-09") from None
    return moment.year, moment.month


@workdays_cli.command("show")
@click.argument("month")
def show(month: str) -> None:
    """Each day of MONTH (YYYY-MM): working, or closed and why."""
    calendar = triage_policy().calendar
    days = calendar.month(*_month(month))
    hours = f"{calendar.opens:%H:%M}-{calendar.closes:%H:%M}"
    for day, closed_because in days:
        click.echo(f"{day:%Y-%m-%d %a}  {f'closed: {closed_because}' if closed_because else hours}")
    working = sum(closed_because is None for _, closed_because in days)
    click.echo(f"{working} working days (office hours {hours} Seoul time)")
