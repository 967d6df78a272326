"""A prediction poll's forecast chart: the votes as stored, day by day."""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateformat import format as format_date

from cliffhanger.predictions.models import PollOption, PollVote
from cliffhanger.predictions.selectors import (
    FORECAST_MAX_POINTS,
    percentages,
    poll_forecast_history,
)

FIGURE = re.compile(r'<figure class="chart chart--line".*?</figure>', re.DOTALL)
JSON = {"HTTP_ACCEPT": "application/json"}


def charts_in(html: str) -> list[ET.Element]:
    return [ET.fromstring(markup) for markup in FIGURE.findall(html)]


def table(figure: ET.Element) -> tuple[list[str], list[list[str]]]:
    head = ["".join(th.itertext()) for th in figure.find(".//table/thead/tr")]
    rows = [
        ["".join(cell.itertext()) for cell in row]
        for row in figure.find(".//table/tbody")
    ]
    return head, rows


def cast(poll, option, when: datetime, n: int = 1) -> None:
    """Votes stored as if cast at `when` (the column is auto_now_add)."""
    for _ in range(n):
        count = PollVote.objects.count()
        vote = PollVote.objects.create(
            poll=poll,
            option=option,
            reader_key=f"r{count}",
            address_key=f"a{count}",
        )
        PollVote.objects.filter(pk=vote.pk).update(created_at=when)
        PollOption.objects.filter(pk=option.pk).update(vote_count=F("vote_count") + 1)


def expected_rows(poll) -> list[list[str]]:
    """The table worked out straight from the vote rows."""
    options = list(poll.options.all())
    by_day = Counter(
        (timezone.localtime(vote.created_at).date(), vote.option_id)
        for vote in PollVote.objects.filter(poll=poll)
    )
    rows, running = [], Counter()
    for day in sorted({day for day, _ in by_day}):
        for option in options:
            running[option.pk] += by_day[(day, option.pk)]
        counts = [running[option.pk] for option in options]
        rows.append(
            [
                format_date(day, "j M Y"),
                *(f"{share}%" for share in percentages(counts)),
                str(sum(counts)),
            ]
        )
    return rows


@pytest.fixture
def history(prediction):
    yes, no = prediction.options.all()
    start = datetime(2022, 9, 20, 12, tzinfo=UTC)
    cast(prediction, yes, start, n=3)
    cast(prediction, no, start + timedelta(days=2), n=1)
    cast(prediction, no, start + timedelta(days=9, hours=5), n=4)
    cast(prediction, yes, start + timedelta(days=9, hours=6), n=1)
    return prediction


def test_the_chart_shows_the_stored_votes_day_by_day(client, history):
    yes = history.options.first()
    client.post(f"/polls/{history.pk}/vote/", {"option": yes.pk})  # to see results

    (figure,) = charts_in(client.get("/shows/partner-track/").text)
    head, rows = table(figure)

    assert head == ["Day", "Yes, renewed", "No, cancelled", "Votes so far"]
    assert rows == expected_rows(history)
    assert rows[:3] == [
        ["20 Sep 2022", "100%", "0%", "3"],
        ["22 Sep 2022", "75%", "25%", "4"],
        ["29 Sep 2022", "44%", "56%", "9"],
    ]
    # The last point is the result the bars show.
    assert rows[-1][1:3] == [f"{p}%" for p in percentages([5, 5])]


def test_readers_who_have_not_voted_see_neither_counts_nor_chart(client, history):
    html = client.get("/shows/partner-track/").text

    assert "data-poll-form" in html and not charts_in(html)


def test_only_prediction_polls_have_the_chart(client, make_poll, article):
    poll = make_poll(article=article)
    client.post(f"/polls/{poll.pk}/vote/", {"option": poll.options.first().pk})

    assert not charts_in(client.get(article.url).text)


def test_a_vote_in_place_returns_the_chart(client, history):
    response = client.post(
        f"/polls/{history.pk}/vote/", {"option": history.options.last().pk}, **JSON
    )

    (figure,) = charts_in(response.json()["html"])
    assert table(figure)[1] == expected_rows(history)


def test_history_is_one_query_however_many_polls_and_votes(
    history, make_poll, season_one, django_assert_num_queries
):
    other = make_poll(question="Another?", season=season_one)
    cast(other, other.options.first(), datetime(2023, 1, 1, 12, tzinfo=UTC), n=5)
    polls = list(
        type(history)
        .objects.filter(pk__in=[history.pk, other.pk])
        .prefetch_related("options")
    )

    with django_assert_num_queries(1):
        histories = poll_forecast_history(polls=polls)

    assert sorted(histories) == sorted([history.pk, other.pk])
    assert [point.votes for point in histories[other.pk].points] == [[5, 0, 0]]


def _show_page_queries(client) -> int:
    client.get("/shows/partner-track/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/shows/partner-track/")
    return len(captured)


def test_the_show_page_query_count_does_not_grow_with_the_history(client, prediction):
    yes, no = prediction.options.all()
    client.post(f"/polls/{prediction.pk}/vote/", {"option": yes.pk})
    few = _show_page_queries(client)

    start = datetime(2022, 9, 1, 12, tzinfo=UTC)
    for day in range(40):
        cast(prediction, no if day % 3 else yes, start + timedelta(days=day), n=2)

    assert _show_page_queries(client) == few
    (figure,) = charts_in(client.get("/shows/partner-track/").text)
    assert len(table(figure)[1]) == 41


JANUARY, JULY = datetime(2025, 1, 15, tzinfo=UTC), datetime(2025, 7, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    "zone, day, now",
    [
        ("America/New_York", (2024, 3, 10), JANUARY),  # the night clocks go forward
        ("Asia/Kolkata", (2024, 6, 15), JANUARY),  # +5:30
        ("Asia/Kathmandu", (2024, 6, 15), JANUARY),  # +5:45
        # +10:30 in June; +11 (in January) or +10:30 (in July) as the page is drawn
        ("Australia/Lord_Howe", (2024, 6, 15), JANUARY),
        ("Australia/Lord_Howe", (2024, 6, 15), JULY),
        # Fixed offsets: counted by the day in SQL on SQLite
        ("UTC", (2024, 6, 15), JANUARY),
        ("Etc/GMT+3", (2024, 6, 15), JANUARY),  # -3:00
        ("Etc/GMT-14", (2024, 6, 15), JANUARY),  # +14:00
    ],
)
def test_votes_are_counted_on_the_day_they_were_cast_where_the_site_is(
    prediction, zone, day, now
):
    """On SQLite the votes are counted per hour, minute or day of the zone's
    moments, shifted in SQL: a vote in a day's last half millisecond stays in
    that day (SQLite's datetime() rounds a fraction to milliseconds)."""
    yes, no = prediction.options.all()
    local = ZoneInfo(zone)
    midnight = datetime(*day, tzinfo=local)
    for minutes in (-61, -31, -16, -1, 0, 1, 29, 44, 59, 61, 120):
        cast(
            prediction,
            yes if minutes % 2 else no,
            midnight + timedelta(minutes=minutes),
        )
    cast(prediction, yes, midnight - timedelta(microseconds=400))

    with timezone.override(local), mock.patch.object(timezone, "now", lambda: now):
        (history,) = poll_forecast_history(polls=[prediction]).values()
        cast_on = Counter(
            timezone.localtime(vote.created_at).date()
            for vote in PollVote.objects.filter(poll=prediction)
        )

    days = sorted(cast_on)
    assert [point.day for point in history.points] == days
    assert [sum(point.votes) for point in history.points] == [
        sum(cast_on[d] for d in days[: i + 1]) for i in range(len(days))
    ]


def test_a_long_history_is_counted_by_week(prediction):
    yes = prediction.options.first()
    start = datetime(2022, 1, 3, 12, tzinfo=UTC)  # a Monday
    for day in range(FORECAST_MAX_POINTS + 10):
        cast(prediction, yes, start + timedelta(days=day))

    (history,) = poll_forecast_history(polls=[prediction]).values()

    assert history.by_week
    assert all(point.day.weekday() == 0 for point in history.points)
    assert history.points[-1].votes[0] == FORECAST_MAX_POINTS + 10


def test_a_new_vote_updates_the_kept_chart(settings, history, article):
    """The polls' fragment is kept for every reader who voted alike; a vote
    anywhere makes it stale, counts and chart alike."""
    settings.FRAGMENT_CACHE_SECONDS = 300
    voter = Client(REMOTE_ADDR="198.51.100.30")
    voter.post(f"/polls/{history.pk}/vote/", {"option": history.options.first().pk})
    (before,) = charts_in(voter.get(article.url).text)

    other = Client(REMOTE_ADDR="198.51.100.31")
    other.post(f"/polls/{history.pk}/vote/", {"option": history.options.last().pk})
    (after,) = charts_in(voter.get(article.url).text)

    assert int(table(after)[1][-1][-1]) == int(table(before)[1][-1][-1]) + 1
    assert table(after)[1] == expected_rows(history)


def test_a_hostile_option_label_is_escaped(client, make_poll, season_one):
    label = '</title><script>alert("poll")</script>'
    poll = make_poll(
        question="Hostile?",
        options=(label, "Fine"),
        season=season_one,
        show=season_one.show,
    )
    client.post(f"/polls/{poll.pk}/vote/", {"option": poll.options.first().pk})

    html = client.get("/shows/partner-track/").text
    (figure,) = charts_in(html)

    assert '<script>alert("poll")' not in html
    assert table(figure)[0][1] == label


def test_day_labels_read_as_the_date_filter_writes_them():
    from datetime import date, timedelta

    from django.utils.dateformat import format as format_date

    from cliffhanger.predictions.charts import _day_label

    days = [date(2027, 1, 1) + timedelta(days=n) for n in range(366)]

    assert [_day_label(day) for day in days] == [
        format_date(day, "j M Y") for day in days
    ]
