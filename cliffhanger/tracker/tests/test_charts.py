"""The show page's status chart: drawn from the seasons' history, as recorded."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.utils.dateformat import format as format_date

from cliffhanger.tracker.charts import season_status_timeline
from cliffhanger.tracker.models import SeasonStatusChange
from cliffhanger.tracker.selectors import show_seasons_with_history

from .factories import SeasonFactory, ShowFactory

FIGURE = re.compile(r'<figure class="chart chart--timeline".*?</figure>', re.DOTALL)
TODAY = date(2026, 1, 15)


def chart_in(html: str) -> ET.Element:
    (markup,) = FIGURE.findall(html)
    return ET.fromstring(markup)


def table_rows(figure: ET.Element) -> list[list[str]]:
    return [
        ["".join(cell.itertext()) for cell in row]
        for row in figure.find(".//table/tbody")
    ]


@pytest.fixture
def wednesday(db, record):
    show = ShowFactory(title="Wednesday", slug="wednesday")
    one = SeasonFactory(show=show, number=1)
    two = SeasonFactory(show=show, number=2)
    three = SeasonFactory(show=show, number=3)
    SeasonFactory(show=show, number=4)  # nothing recorded yet
    # Recorded out of order: the dates decide.
    record(one, "renewed", date(2023, 1, 6))
    record(one, "airing", date(2022, 11, 23))
    record(two, "renewed", date(2023, 1, 6))
    record(two, "airing", date(2025, 8, 6))
    record(three, "renewed", date(2025, 7, 23))
    return show


def test_the_table_lists_every_recorded_change_in_date_order(client, wednesday):
    figure = chart_in(client.get("/shows/wednesday/").text)

    expected = []
    for change in SeasonStatusChange.objects.filter(season__show=wednesday).order_by(
        "season__number", "effective_date", "recorded_at", "pk"
    ):
        expected.append(
            [
                f"Season {change.season.number}",
                change.get_status_display(),
                format_date(change.effective_date, "j M Y"),
            ]
        )
    assert [row[:3] for row in table_rows(figure)] == expected


def test_each_status_lasts_until_the_next_and_the_current_one_until_now(wednesday):
    seasons = show_seasons_with_history(show=wednesday)

    timeline = season_status_timeline(seasons=seasons, today=TODAY)

    assert [row.label for row in timeline.rows] == ["Season 1", "Season 2", "Season 3"]
    one, two, three = (row.spans for row in timeline.rows)
    assert [(s.kind, s.start, s.end) for s in one] == [
        ("airing", date(2022, 11, 23), date(2023, 1, 6)),
        ("renewed", date(2023, 1, 6), None),  # settled: season 2 exists
    ]
    # Season 2 is still airing: its bar runs to today, "now" in the table.
    assert (two[-1].kind, two[-1].end, two[-1].until) == ("airing", TODAY, "now")
    # An order for a season not made yet is still in effect too.
    assert (three[0].end, three[0].until) == (TODAY, "now")
    assert (timeline.start, timeline.end) == (date(2022, 11, 23), TODAY)


def test_a_cancellation_is_a_mark_and_the_axis_ends_there(season_one, record):
    record(season_one, "airing", date(2022, 8, 26))
    record(season_one, "cancelled", date(2022, 11, 8))

    timeline = season_status_timeline(
        seasons=show_seasons_with_history(show=season_one.show), today=TODAY
    )

    assert timeline.rows[0].spans[-1].end is None
    assert (timeline.start, timeline.end) == (date(2022, 8, 26), date(2022, 11, 8))


def test_the_chart_costs_no_query(wednesday, django_assert_num_queries):
    seasons = show_seasons_with_history(show=wednesday)

    with django_assert_num_queries(0):
        season_status_timeline(seasons=seasons, today=TODAY)


def test_no_chart_without_history(client, season_one):
    html = client.get("/shows/partner-track/").text

    assert "chart--timeline" not in html and "Nothing recorded yet." in html


def test_the_chart_is_accessible_and_in_the_history_section(client, wednesday):
    html = client.get("/shows/wednesday/").text
    figure = chart_in(html)
    svg = figure.find("svg")

    assert svg.get("role") == "img"
    assert svg.find("title").text == "Wednesday: each season's status over time"
    assert figure.find("div").get("class") == "chart__data visually-hidden"
    assert figure.find("div/table/caption").text == svg.find("title").text
    assert html.index('id="timeline-heading"') < html.index('id="status-chart"')


def test_a_hostile_show_title_is_escaped(client, season_one, record):
    show = season_one.show
    show.title = '</title><script>alert("x")</script>'
    show.save()
    record(season_one, "airing", date(2022, 8, 26))

    html = client.get("/shows/partner-track/").text
    figure = chart_in(html)

    assert "<script>alert" not in html
    assert figure.find("svg/title").text.startswith('</title><script>alert("x")')
