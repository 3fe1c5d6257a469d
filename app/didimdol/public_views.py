"""Didimdol's public pages, no sign-in: the donor directory, how to join, and the public
ledger with its CSV files. Every number on the ledger has been through suppression."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user

from app.clock import seoul_today
from app.csv_files import download, to_csv
from app.didimdol.blueprint import blueprint
from app.didimdol.directory import enrollable_businesses, listed_donors
from app.didimdol.public_ledger import LedgerTable, redemptions, volunteering
from app.figures.suppression import PublishedTable
from app.query_args import choice_arg

SUPPRESSED = "—"  # shown, and written in the CSV, for a hidden value
YEARS_SHOWN = 5


@blueprint.get("/didimdol/donors")
def directory():
    return render_template("didimdol/public/directory.html", donors=listed_donors())


@blueprint.get("/didimdol/join")
def join():
    businesses = enrollable_businesses(current_user)
    return render_template("didimdol/public/join.html", businesses=businesses)


def _chosen_year() -> tuple[list[int], int]:
    this_year = seoul_today().year
    years = list(range(this_year, this_year - YEARS_SHOWN, -1))
    return years, int(choice_arg(request.args, "year", [str(y) for y in years], str(this_year)))


@blueprint.get("/didimdol/ledger")
def ledger():
    years, year = _chosen_year()
    return render_template(
        "didimdol/public/ledger.html",
        years=years,
        year=year,
        redeemed=redemptions(year),
        volunteered=volunteering(year),
        hidden=SUPPRESSED,
    )


# CSV slug -> the ledger table and which of its published tables it writes.
CSV_TABLES = {
    "redemptions": (redemptions, "counts"),
    "redemption-values": (redemptions, "sums"),
    "volunteers": (volunteering, "counts"),
    "volunteer-hours": (volunteering, "sums"),
}


@blueprint.get("/didimdol/ledger/<slug>.csv")
def ledger_csv(slug: str):
    if slug not in CSV_TABLES:
        abort(404)
    _years, year = _chosen_year()
    tables, which = CSV_TABLES[slug]
    table = tables(year)
    published = table.counts if which == "counts" else table.sums
    return download(
        to_csv(*_csv_lines(table, published)),
        f"didimdol-{slug}-{year}.csv",
        public_for=current_app.config["FIGURES_CACHE_SECONDS"],
    )


def _csv_lines(table: LedgerTable, published: PublishedTable) -> tuple[list[str], list[list]]:
    def shown(value: int | None) -> int | str:
        return SUPPRESSED if value is None else value

    total = pgettext("figures", "Total")
    header = [_("District (gu)"), *[label for _key, label in table.columns], total]
    lines = [[label, *map(shown, cells), shown(t)] for label, cells, t in table.lines(published)]
    lines.append([total, *map(shown, published.column_totals), shown(published.grand_total)])
    return header, lines
