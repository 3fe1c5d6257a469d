"""/figures: public, no sign-in. Every number shown or downloaded has been through suppression."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_babel import pgettext
from flask_login import current_user

from app.csv_files import download, to_csv
from app.figures.blueprint import blueprint
from app.figures.queries import PublishedFigure, choice, published
from app.figures.registry import figure_table, figure_tables

SUPPRESSED = "—"  # shown, and written in the CSV, for a hidden value


@blueprint.get("/figures")
def page():
    chosen = choice(request.args)
    figures = published(figure_tables(), chosen.gu, chosen.year) if chosen.gu else []
    response = current_app.make_response(
        render_template("figures/page.html", chosen=chosen, figures=figures, hidden=SUPPRESSED)
    )
    if not current_user.is_authenticated:  # a signed-in page names its reader: never shared
        response.cache_control.public = True
        response.cache_control.max_age = current_app.config["FIGURES_CACHE_SECONDS"]
    return response


@blueprint.get("/figures/<slug>.csv")
def table_csv(slug: str):
    table = figure_table(slug)
    chosen = choice(request.args)
    if table is None or chosen.gu is None:
        abort(404)
    (figure,) = published([table], chosen.gu, chosen.year)
    return download(
        to_csv(*_csv_lines(figure)),
        f"{slug}-{chosen.gu.code}-{chosen.year}.csv",
        public_for=current_app.config["FIGURES_CACHE_SECONDS"],
    )


def _csv_lines(figure: PublishedFigure) -> tuple[list[str], list[list]]:
    def shown(value: int | None) -> int | str:
        return SUPPRESSED if value is None else value

    values = figure.values
    months = [label for _key, label in figure.columns]
    header = [str(figure.table.row_heading), *months, pgettext("figures", "Total")]
    lines = [[label, *map(shown, cells), shown(total)] for label, cells, total in figure.lines]
    lines.append(
        [pgettext("figures", "Total"), *map(shown, values.column_totals), shown(values.grand_total)]
    )
    return header, lines
