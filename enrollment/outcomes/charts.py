"""Charts as SVG drawn on the server: no script, no third-party code, readable by a screen reader.

Each chart is an <svg role="img"> named by its <title> and described by its <desc> (a sentence
saying what it shows); each bar carries its own <title> with its name and value. Pages show the
same figures in a table beside the chart: the chart never holds data the table lacks. Colours
are SVG attributes, not styles (the Content Security Policy allows no inline style), each at
7:1 or more against white, and the second series of a grouped chart is hatched as well as
coloured. The drawing scales to its box (viewBox), so it fits a 390 px screen; each category's
name is written above its bars, shortened if long (the table and the bar's title have it whole).
"""

import itertools

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 600
BAR_HEIGHT = 20
LABEL_HEIGHT = 20
GAP = 14
VALUE_ROOM = 60  # room after the longest bar for its value
INK = "#1b1f24"
SERIES_COLOURS = ("#0a4f8f", "#7a3400")  # dark blue, dark orange
HATCH = ' stroke="#ffffff" stroke-width="2" stroke-dasharray="5 3"'
LABEL_CHARACTERS = 70

_ids = itertools.count(1)


def value_text(value: float | None, unit: str = "") -> str:
    """A figure as the table beside the chart writes it: two decimals at most, "-" for none."""
    if value is None:
        return "-"
    rounded = round(value, 2)
    places = 0 if rounded == int(rounded) else 2
    return f"{number_format(rounded, decimal_pos=places)}{unit}"


def _short(text: str) -> str:
    text = str(text)
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _frame(*, title: str, description: str, height: float, parts: list) -> SafeString:
    uid = next(_ids)
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'aria-labelledby="chart-{}-title chart-{}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-{}-title">{}</title><desc id="chart-{}-desc">{}</desc>{}</svg>',
        WIDTH,
        round(height),
        uid,
        uid,
        uid,
        title,
        uid,
        description,
        format_html_join("", "{}", ((part,) for part in parts)),
    )


def _category_text(y: float, text: str) -> SafeString:
    return format_html(
        '<text x="0" y="{}" fill="{}" font-size="15" aria-hidden="true">{}</text>',
        round(y, 1),
        INK,
        _short(text),
    )


def _bar(*, y, value, maximum, index: int, name: str, unit: str) -> SafeString:
    span = WIDTH - VALUE_ROOM
    share = 0.0 if value is None or maximum <= 0 else max(0.0, min(1.0, value / maximum))
    length = round(share * span, 1)
    written = value_text(value, unit)
    return format_html(
        '<g><title>{}: {}</title><rect x="0" y="{}" width="{}" height="{}" fill="{}"{}></rect>'
        '<text x="{}" y="{}" fill="{}" font-size="14" aria-hidden="true">{}</text></g>',
        name,
        written,
        round(y, 1),
        length,
        BAR_HEIGHT,
        SERIES_COLOURS[index % 2],
        mark_safe(HATCH if index % 2 else ""),  # noqa: S308  (a constant of ours)
        length + 6,
        round(y + BAR_HEIGHT - 5, 1),
        INK,
        written,
    )


def bar_chart(
    *, title: str, description: str, bars: list[tuple[str, float | None]], maximum: float,
    unit: str = "",
) -> SafeString:  # fmt: skip
    """One bar per category (e.g. each session's mean rating, out of `maximum`)."""
    return grouped_bar_chart(
        title=title,
        description=description,
        categories=[name for name, _ in bars],
        series=[("", [value for _, value in bars])],
        maximum=maximum,
        unit=unit,
    )


def grouped_bar_chart(
    *, title: str, description: str, categories: list[str],
    series: list[tuple[str, list[float | None]]], maximum: float, unit: str = "",
) -> SafeString:  # fmt: skip
    """A group of bars per category, one bar per series (e.g. "before" and "after" for each
    statement), with a legend when there is more than one series."""
    parts = []
    y = 0.0
    if len(series) > 1:
        for index, (name, _values) in enumerate(series):
            x = index * 200
            parts.append(
                format_html(
                    '<rect x="{}" y="2" width="18" height="16" fill="{}"{}></rect>'
                    '<text x="{}" y="15" fill="{}" font-size="14">{}</text>',
                    x,
                    SERIES_COLOURS[index % 2],
                    mark_safe(HATCH if index % 2 else ""),  # noqa: S308  (a constant of ours)
                    x + 24,
                    INK,
                    name,
                )
            )
        y = LABEL_HEIGHT + GAP
    for row, category in enumerate(categories):
        parts.append(_category_text(y + LABEL_HEIGHT - 5, category))
        y += LABEL_HEIGHT
        for index, (name, values) in enumerate(series):
            bar_name = f"{category}, {name}" if name else str(category)
            parts.append(
                _bar(
                    y=y, value=values[row], maximum=maximum, index=index, name=bar_name, unit=unit
                )  # fmt: skip
            )
            y += BAR_HEIGHT + 2
        y += GAP
    return _frame(title=title, description=description, height=max(y, 40), parts=parts)
