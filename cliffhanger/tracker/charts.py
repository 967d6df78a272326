"""
The show page's chart: each season's status over time, from the seasons'
SeasonStatusChange history as show_seasons_with_history() has already read it
(no query of its own).
"""

from dataclasses import dataclass
from datetime import date

from django.template.defaultfilters import pluralize
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString

from cliffhanger.core.charts import Span, TimelineRow, timeline_chart

from .models import SeasonStatus

# A season's last status that ends its story: drawn as a mark on its date, not
# as a bar running to today. A renewal ends a season's story once a later
# season has a story of its own (by convention the renewal opens it too).
FINAL_STATUSES = {SeasonStatus.CANCELLED, SeasonStatus.ENDED}
STILL_IN_EFFECT = "now"


def date_format(day: date) -> str:
    return format_date(day, "j M Y")


@dataclass
class SeasonTimeline:
    rows: list[TimelineRow]
    start: date
    end: date


def season_status_timeline(*, seasons, today: date) -> SeasonTimeline | None:
    """
    One row per season with a recorded history, oldest season first; a
    season's spans run from each change's effective date to the next one's.
    `seasons` come from show_seasons_with_history (each with `.history`,
    oldest change first). None when nothing is recorded.
    """
    recorded = {season.number for season in seasons if season.history}
    rows, dates = [], []
    for season in sorted(seasons, key=lambda s: s.number):
        history = sorted(
            season.history, key=lambda c: (c.effective_date, c.recorded_at, c.pk)
        )
        if not history:
            continue
        later_season = any(number > season.number for number in recorded)
        spans = []
        for change, following in zip(history, [*history[1:], None], strict=True):
            dates.append(change.effective_date)
            until = ""
            if following is not None:
                end = following.effective_date
            elif change.status in FINAL_STATUSES or (
                change.status == SeasonStatus.RENEWED and later_season
            ):
                end = None  # settled: a mark on the day
            else:
                end, until = max(today, change.effective_date), STILL_IN_EFFECT
                dates.append(end)
            spans.append(
                Span(
                    start=change.effective_date,
                    end=end,
                    kind=change.status.replace("_", "-"),
                    label=change.get_status_display(),
                    until=until,
                )
            )
        rows.append(
            TimelineRow(
                short_label=f"S{season.number}",
                label=f"Season {season.number}",
                spans=spans,
            )
        )
    if not rows:
        return None
    return SeasonTimeline(rows=rows, start=min(dates), end=max(dates))


def show_status_chart(*, show, seasons, today: date) -> SafeString | str:
    """The timeline as an accessible SVG figure, or "" with nothing recorded."""
    timeline = season_status_timeline(seasons=seasons, today=today)
    if timeline is None:
        return ""
    count = len(timeline.rows)
    return timeline_chart(
        chart_id="status-chart",
        title=f"{show.title}: each season's status over time",
        description=(
            f"{count} season{pluralize(count)} from {date_format(timeline.start)} "
            f"to {date_format(timeline.end)}; "
            "each bar is a status, from the day it was recorded to the next."
        ),
        rows=timeline.rows,
        start=timeline.start,
        end=timeline.end,
    )
