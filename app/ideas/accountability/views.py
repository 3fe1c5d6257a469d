"""The public accountability page: how the city answers ideas, in figures and a chart."""

from __future__ import annotations

from babel.dates import format_skeleton
from flask import render_template
from flask_babel import get_locale

from app.ideas.accountability.chart import bar_chart
from app.ideas.accountability.kept import kept_accountability
from app.ideas.blueprint import blueprint
from app.ideas.citizens import open_data
from app.snapshots import built


def month_label(month, skeleton: str = "yMMM") -> str:
    """ "2026년 2월" / "Feb 2026"; with skeleton "MMM", "2월" / "Feb" (under the chart's bars)."""
    return format_skeleton(skeleton, month, locale=get_locale())


@blueprint.get("/ideas/accountability")
def accountability():
    figures = kept_accountability()
    return render_template(
        "ideas/accountability/accountability.html",
        figures=figures,
        chart=bar_chart(figures.months),
        month_label=month_label,
        whole_file=built(open_data.SNAPSHOT),
    )
