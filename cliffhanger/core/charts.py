"""
Charts as server-rendered SVG: no script, no library, no inline style.

A chart is one `<figure>`: an `<svg role="img">` named by its `<title>` and
`<desc>`, a legend, and a visually hidden `<table>` holding the same numbers
for screen readers (and for tests, which read the numbers back). Every label
is escaped here: show titles and poll options are editors' and readers' text.

    column_chart(
        chart_id="views", title="Views per day", description="…",
        labels=["1 May", "2 May"], series=Series("Views", [120, 98]),
    )
    line_chart(
        chart_id="poll-3-history", title="…", description="…",
        labels=["1 May", "4 May"], series=[Series("Yes", [60, 55]),
        Series("No", [40, 45])], y_max=100, unit="%",
    )
    timeline_chart(
        chart_id="show-status", title="…", description="…",
        start=date(2022, 8, 1), end=date(2022, 12, 1),
        rows=[TimelineRow("S1", "Season 1", [Span(date(...), None, "cancelled",
        "Cancelled")])],
    )

Colours come from classes in site.css (`chart__series--N`, `chart__span--<kind>`);
presentation attributes give a readable default where site.css is not loaded
(the Wagtail admin). Series differ by dash pattern too, not by colour alone.
The drawing scales with its viewBox to the column's width, so it keeps its
layout at 390 px; its text stays short (axis ticks, season numbers) and the
names go in the HTML legend, which wraps like any text.
"""

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import dateformat
from django.utils.safestring import SafeString, mark_safe

# The class that hides the table (its wrapper) from sight but not from screen
# readers (site.css); the Wagtail admin calls it "w-sr-only".
HIDDEN_CLASS = "visually-hidden"

WIDTH = 360
LEFT, RIGHT, TOP, BOTTOM = 38, 10, 10, 24
FONT_SIZE = 12
# Mid-tone colours, readable on a light and a dark background alike.
PALETTE = (
    "#3b7ddd",
    "#d9534f",
    "#2e9e5b",
    "#c98a00",
    "#9b6ad6",
    "#1a9c93",
    "#d6609c",
    "#7f8c99",
)
DASHES = ("", "7 4", "2 3", "9 3 2 3")
NEUTRAL = "#8a8f98"

# C0/C1 controls other than tab and newline have no business in a label and
# make the page invalid HTML.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Text with none of those and nothing to escape: most labels (dates, numbers).
_PLAIN = re.compile(r"[^&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*")
_NOT_A_TOKEN = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


@dataclass(frozen=True)
class Span:
    """One stretch of a timeline row; `end=None` is a moment, drawn as a mark."""

    start: date
    end: date | None
    kind: str  # a class suffix: "renewed" → chart__span--renewed
    label: str
    until: str = ""  # the table's "Until" text instead of the end date ("now")


@dataclass(frozen=True)
class TimelineRow:
    short_label: str  # drawn ("S1")
    label: str  # in the table and tooltips ("Season 1")
    spans: Sequence[Span]


def text(value) -> str:
    """A label, safe as HTML text and as an attribute value."""
    value = str(value)
    if _PLAIN.fullmatch(value):  # one scan, not six (a chart's table has hundreds)
        return value
    return html.escape(_CONTROLS.sub("", value), quote=True)


def _token(value: str) -> str:
    return _NOT_A_TOKEN.sub("-", str(value).lower()).strip("-") or "other"


def _num(value: float) -> str:
    """Coordinates: one decimal is finer than a pixel at any width shown."""
    written = f"{value:.1f}"
    if written.endswith(".0"):
        written = written[:-2]
        return "0" if written == "-0" else written
    return written


def value_text(value: float, unit: str = "") -> str:
    shown = int(value) if float(value).is_integer() else round(value, 1)
    return f"{shown}{unit}"


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (an axis' top)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _label(x, y, content, *, anchor="middle", css="chart__tick") -> str:
    return (
        f'<text class="{css}" x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" '
        f'font-size="{FONT_SIZE}" fill="currentColor">{text(content)}</text>'
    )


def _table(*, caption: str, head: Sequence[str], rows, table_class: str) -> str:
    header = "".join(f'<th scope="col">{text(cell)}</th>' for cell in head)
    body = "".join(
        f'<tr><th scope="row">{text(row[0])}</th>'
        + "".join(f"<td>{text(cell)}</td>" for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    # Hidden on a wrapper: a table is as wide as its cells whatever its own
    # width, and would widen the page at 390 px.
    return (
        f'<div class="chart__data {text(table_class)}"><table class="chart__table">'
        f"<caption>{text(caption)}</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _figure(
    *,
    chart_id: str,
    kind: str,
    title: str,
    description: str,
    height: float,
    drawing: str,
    legend: str,
    table: str,
    caption: str = "",
) -> SafeString:
    ident = text(chart_id)
    shown = f'<figcaption class="chart__caption">{text(caption)}</figcaption>'
    return mark_safe(
        f'<figure class="chart chart--{kind}" id="{ident}">'
        f"{shown if caption else ''}"
        f'<svg class="chart__svg" viewBox="0 0 {WIDTH} {_num(height)}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{text(title)}</title>'
        f'<desc id="{ident}-desc">{text(description)}</desc>'
        f"{drawing}</svg>{legend}{table}</figure>"
    )


def _legend(items: Sequence[tuple[str, str]]) -> str:
    """Legend entries as (swatch SVG, name): visible text, repeated by the table."""
    if not items:
        return ""
    entries = "".join(
        f'<li class="chart__key"><svg class="chart__swatch" viewBox="0 0 20 10" '
        f'width="20" height="10" aria-hidden="true">{swatch}</svg>{text(name)}</li>'
        for swatch, name in items
    )
    return f'<ul class="chart__legend" aria-hidden="true">{entries}</ul>'


def _series_style(index: int) -> tuple[str, str]:
    colour = PALETTE[index % len(PALETTE)]
    dash = DASHES[index % len(DASHES)]
    return colour, f' stroke-dasharray="{dash}"' if dash else ""


def _y_axis(*, y_max: float, plot_height: float, unit: str) -> str:
    parts = []
    for fraction in (0, 0.5, 1):
        y = TOP + plot_height * (1 - fraction)
        parts.append(
            f'<line class="chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
            f'y1="{_num(y)}" y2="{_num(y)}" stroke="currentColor" '
            f'stroke-opacity="0.2"/>'
        )
        parts.append(
            _label(
                LEFT - 4,
                y + FONT_SIZE / 3,
                value_text(y_max * fraction, unit),
                anchor="end",
            )
        )
    return "".join(parts)


def _x_ticks(labels: Sequence[str], positions: Sequence[float], baseline: float) -> str:
    """First and last label, and the one nearest the middle when there is room."""
    count = len(labels)
    if not count:
        return ""
    if count == 1:
        return _label(positions[0], baseline, labels[0])
    picks = [(0, "start"), (count - 1, "end")]
    first, last = positions[0], positions[-1]
    middle = min(range(count), key=lambda i: abs(positions[i] - (first + last) / 2))
    if min(positions[middle] - first, last - positions[middle]) > (last - first) / 3:
        picks.insert(1, (middle, "middle"))
    return "".join(
        _label(positions[i], baseline, labels[i], anchor=a) for i, a in picks
    )


def _positions(
    count: int, given: Sequence[float] | None, *, inset: float = 0
) -> list[float]:
    left, width = LEFT + inset, WIDTH - LEFT - RIGHT - 2 * inset
    if given is not None:
        return [left + width * min(max(p, 0.0), 1.0) for p in given]
    if count == 1:
        return [left + width / 2]
    return [left + width * i / (count - 1) for i in range(count)]


def _line_drawing(index: int, points: list[tuple[float, float]]) -> str:
    """One series: its line, and a dot on each point (only the last when there are many)."""
    colour, dash = _series_style(index)
    css = f"chart__series chart__series--{index % len(PALETTE)}"
    parts = []
    if len(points) > 1:
        parts.append(
            f'<polyline class="{css}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5" stroke-linejoin="round"{dash} points="'
            + " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
            + '"/>'
        )
    marked = points if len(points) <= 12 else points[-1:]
    parts.extend(
        f'<circle class="{css} chart__dot" cx="{_num(x)}" cy="{_num(y)}" r="3" '
        f'fill="{colour}"/>'
        for x, y in marked
    )
    return "".join(parts)


def _line_legend(series: Sequence[Series]) -> str:
    """A key per series, drawn as its line; none for a single series."""
    if len(series) < 2:
        return _legend([])
    keys = []
    for index, one in enumerate(series):
        colour, dash = _series_style(index)
        swatch = (
            f'<line class="chart__series chart__series--{index % len(PALETTE)}" '
            f'x1="0" y1="5" x2="20" y2="5" stroke="{colour}" stroke-width="3"{dash}/>'
        )
        keys.append((swatch, one.name))
    return _legend(keys)


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    y_max: float | None = None,
    unit: str = "",
    x_heading: str = "Day",
    positions: Sequence[float] | None = None,
    notes: tuple[str, Sequence[str]] | None = None,
    caption: str = "",
    height: int = 180,
    table_class: str = HIDDEN_CLASS,
) -> SafeString:
    """
    One line per series over shared x labels (each series has a value per
    label). `positions` (0–1) place the points in proportion, e.g. by date;
    by default they are evenly spaced. `y_max` defaults to a round number
    above the highest value. `notes` (heading, one text per label) adds a
    last column to the table.
    """
    top = y_max or nice_ceiling(max((v for s in series for v in s.values), default=0))
    plot_height = height - TOP - BOTTOM
    xs = _positions(len(labels), positions, inset=4)
    drawing = [_y_axis(y_max=top, plot_height=plot_height, unit=unit)]
    for index, one in enumerate(series):
        points = [
            (x, TOP + plot_height * (1 - min(value, top) / top))
            for x, value in zip(xs, one.values, strict=True)
        ]
        drawing.append(_line_drawing(index, points))
    drawing.append(_x_ticks(labels, xs, height - 6))
    legend = _line_legend(series)
    rows = [
        [label, *(value_text(one.values[i], unit) for one in series)]
        + ([notes[1][i]] if notes else [])
        for i, label in enumerate(labels)
    ]
    table = _table(
        caption=title,
        head=[x_heading, *(one.name for one in series), *(notes[:1] if notes else [])],
        rows=rows,
        table_class=table_class,
    )
    return _figure(
        caption=caption,
        chart_id=chart_id,
        kind="line",
        title=title,
        description=description,
        height=height,
        drawing="".join(drawing),
        legend=legend,
        table=table,
    )


def column_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Series,
    unit: str = "",
    x_heading: str = "Day",
    caption: str = "",
    height: int = 160,
    table_class: str = HIDDEN_CLASS,
) -> SafeString:
    """One column per label: counts per day."""
    top = nice_ceiling(max(series.values, default=0))
    plot_height = height - TOP - BOTTOM
    count = len(labels)
    slot = (WIDTH - LEFT - RIGHT) / max(count, 1)
    bar = max(slot * 0.72, 1)
    xs = [LEFT + slot * (i + 0.5) for i in range(count)]
    drawing = [_y_axis(y_max=top, plot_height=plot_height, unit=unit)]
    for x, value in zip(xs, series.values, strict=True):
        bar_height = plot_height * min(value, top) / top
        drawing.append(
            f'<rect class="chart__bar chart__series--0" x="{_num(x - bar / 2)}" '
            f'y="{_num(TOP + plot_height - bar_height)}" width="{_num(bar)}" '
            f'height="{_num(bar_height)}" fill="{PALETTE[0]}"/>'
        )
    drawing.append(_x_ticks(labels, xs, height - 6))
    table = _table(
        caption=title,
        head=[x_heading, series.name],
        rows=[
            [label, value_text(v, unit)]
            for label, v in zip(labels, series.values, strict=True)
        ],
        table_class=table_class,
    )
    return _figure(
        caption=caption,
        chart_id=chart_id,
        kind="columns",
        title=title,
        description=description,
        height=height,
        drawing="".join(drawing),
        legend="",
        table=table,
    )


ROW_HEIGHT, ROW_GAP = 18, 8


def _date_ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Round dates along the axis: years, months or the two ends, at most six."""
    days = (end - start).days
    if days > 540:
        years = list(range(start.year + 1, end.year + 1))
        step = math.ceil(len(years) / 6) or 1
        return [(date(year, 1, 1), str(year)) for year in years[::step]]
    if days > 62:
        months = []
        cursor = date(start.year, start.month, 1)
        while cursor <= end:
            if cursor > start:
                months.append(cursor)
            cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        step = math.ceil(len(months) / 4) or 1
        return [(month, dateformat.format(month, "M Y")) for month in months[::step]]
    return [
        (start, dateformat.format(start, "j M")),
        (end, dateformat.format(end, "j M")),
    ]


@dataclass(frozen=True)
class _DateAxis:
    """Where a day falls along a timeline's plot, and how it is written."""

    start: date
    end: date
    left: float
    right: float
    date_format: str

    def x_of(self, day: date) -> float:
        total = (self.end - self.start).days
        offset = min(max((day - self.start).days, 0), total)
        return self.left + (self.right - self.left) * offset / total

    def shown(self, day: date) -> str:
        return dateformat.format(day, self.date_format)


def _timeline_grid(axis: _DateAxis, height: float) -> list[str]:
    """A faint vertical line and a label at each round date."""
    parts = []
    for tick, label in _date_ticks(axis.start, axis.end):
        x = axis.x_of(tick)
        parts.append(
            f'<line class="chart__grid" x1="{_num(x)}" x2="{_num(x)}" y1="{TOP}" '
            f'y2="{_num(height - BOTTOM)}" stroke="currentColor" stroke-opacity="0.2"/>'
        )
        anchor = "end" if x > WIDTH - 40 else "start" if x < LEFT + 30 else "middle"
        parts.append(_label(x, height - 6, label, anchor=anchor))
    return parts


def _timeline_span(axis: _DateAxis, row: TimelineRow, span: Span, y: float):
    """A span's bar (a mark when it has no end) and its table row."""
    kind = _token(span.kind)
    x1 = axis.x_of(span.start)
    x2 = axis.x_of(span.end) if span.end is not None else x1
    width = max(x2 - x1, 5)
    x1 = min(x1, axis.right - width) if span.end is None else x1
    until = span.until or (axis.shown(span.end) if span.end is not None else "")
    tooltip = f"{row.label}: {span.label}, {axis.shown(span.start)}"
    tooltip += f" – {until}" if until else ""
    bar = (
        f'<rect class="chart__span chart__span--{kind}" x="{_num(x1)}" '
        f'y="{_num(y)}" width="{_num(width)}" height="{ROW_HEIGHT}" rx="3" '
        f'fill="{NEUTRAL}"><title>{text(tooltip)}</title></rect>'
    )
    return bar, [row.label, span.label, axis.shown(span.start), until]


def timeline_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[TimelineRow],
    start: date,
    end: date,
    row_heading: str = "Season",
    kind_heading: str = "Status",
    date_format: str = "j M Y",
    caption: str = "",
    table_class: str = HIDDEN_CLASS,
) -> SafeString:
    """
    One row per TimelineRow, each span a bar from its start to its end on a
    shared date axis (a span with no end is a mark at its start). The table
    lists every span: row, status, from, until.
    """
    end = max(end, start + timedelta(days=1))
    height = TOP + len(rows) * (ROW_HEIGHT + ROW_GAP) + BOTTOM
    axis = _DateAxis(start, end, LEFT + 4, WIDTH - RIGHT - 4, date_format)
    drawing, table_rows, kinds = _timeline_grid(axis, height), [], {}
    for index, row in enumerate(rows):
        y = TOP + index * (ROW_HEIGHT + ROW_GAP)
        label_y = y + ROW_HEIGHT / 2 + FONT_SIZE / 3
        drawing.append(_label(LEFT - 4, label_y, row.short_label, anchor="end"))
        for span in row.spans:
            kinds.setdefault(_token(span.kind), span.label)
            bar, table_row = _timeline_span(axis, row, span, y)
            drawing.append(bar)
            table_rows.append(table_row)
    legend = _legend(
        [
            (
                f'<rect class="chart__span chart__span--{kind}" width="20" height="10" '
                f'rx="2" fill="{NEUTRAL}"/>',
                label,
            )
            for kind, label in kinds.items()
        ]
    )
    table = _table(
        caption=title,
        head=[row_heading, kind_heading, "From", "Until"],
        rows=table_rows,
        table_class=table_class,
    )
    return _figure(
        caption=caption,
        chart_id=chart_id,
        kind="timeline",
        title=title,
        description=description,
        height=height,
        drawing="".join(drawing),
        legend=legend,
        table=table,
    )
