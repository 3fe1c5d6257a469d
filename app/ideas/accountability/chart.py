"""The accountability page's chart: geometry for a server-drawn SVG of ideas received and
answered each month (the template adds words and numbers)."""

from __future__ import annotations

from dataclasses import dataclass

from app.ideas.accountability.queries import MonthFigures


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int


@dataclass(frozen=True)
class ChartMonth:
    figures: MonthFigures
    centre: float
    received: Bar
    answered: Bar


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int  # the plot area, inside the axis labels
    right: int
    top: int
    bottom: int  # the baseline; the month and on-time rows are below it
    ticks: list[tuple[float, int]]  # (y, value) of the horizontal grid lines
    months: list[ChartMonth]


def tick_step(largest: int, most_ticks: int = 5) -> int:
    """A round step (1, 2, 5, 10, 20, 50, …) giving at most `most_ticks` steps up to `largest`."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if largest <= step * most_ticks:
                return step
        magnitude *= 10


def bar_chart(months: list[MonthFigures], width: int = 720, height: int = 320) -> BarChart:
    left, right, top, bottom = 72, width - 12, 44, height - 64
    step = tick_step(max([m.received for m in months] + [1]))
    scale_top = step * -(-max([m.received for m in months] + [1]) // step)  # rounded up
    plot_height = bottom - top

    def y_of(value: int) -> float:
        return round(bottom - plot_height * value / scale_top, 1)

    slot = (right - left) / max(len(months), 1)
    bar_width = round(slot * 0.34, 1)
    chart_months = []
    for index, figures in enumerate(months):
        centre = round(left + slot * (index + 0.5), 1)
        bars = []
        for value, x in (
            (figures.received, centre - bar_width - 1),
            (figures.answered, centre + 1),
        ):
            y = y_of(value)
            bars.append(Bar(round(x, 1), y, bar_width, round(bottom - y, 1), value))
        chart_months.append(ChartMonth(figures, centre, *bars))
    ticks = [(y_of(value), value) for value in range(0, scale_top + 1, step)]
    return BarChart(width, height, left, right, top, bottom, ticks, chart_months)
