"""Small bar charts (works per year, citations per year) laid out on the server as SVG geometry.

The template draws what this computes; there is no chart library and no script.
Every bar carries its year and value for the tooltip and for the table that
screen readers get instead of the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 320, 120
TOP, BOTTOM = 14, 18  # room for the value above the tallest bar and the years below
MAX_YEARS = 20


@dataclass(frozen=True)
class Bar:
    year: int
    value: int
    x: float
    y: float
    width: float
    height: float
    show_year: bool

    @property
    def middle(self):
        return round(self.x + self.width / 2, 2)

    @property
    def value_y(self):
        return round(self.y - 3, 2)


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    peak: int
    total: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline(self):
        return self.height - BOTTOM

    @property
    def year_y(self):
        return self.height - 4

    @property
    def first_year(self):
        return self.bars[0].year

    @property
    def last_year(self):
        return self.bars[-1].year


def bar_chart(by_year: dict, last_year: int | None = None) -> BarChart | None:
    """Bars for every year from the first with data to ``last_year`` (gaps drawn as zero).

    None when there is nothing to draw. Keys may be ints or strings (JSON).
    """
    values = {int(year): int(count) for year, count in (by_year or {}).items() if count}
    if not values:
        return None
    last = max(last_year or 0, max(values))
    first = max(min(values), last - MAX_YEARS + 1)
    years = list(range(first, last + 1))
    peak = max(values.get(year, 0) for year in years)
    slot = WIDTH / len(years)
    gap = min(6.0, slot * 0.25)
    plot = HEIGHT - TOP - BOTTOM
    label_every = max(1, round(len(years) / 6))
    bars = []
    for index, year in enumerate(years):
        value = values.get(year, 0)
        height = plot * value / peak if peak else 0
        bars.append(
            Bar(
                year=year,
                value=value,
                x=round(index * slot + gap / 2, 2),
                y=round(TOP + plot - height, 2),
                width=round(slot - gap, 2),
                height=round(height, 2),
                show_year=(len(years) - 1 - index) % label_every == 0,
            )
        )
    return BarChart(bars=bars, peak=peak, total=sum(values.get(y, 0) for y in years))
