"""
today_invalidate(), the scheduler's job: the board counts waits in whole days
and a show's chart runs to today, so their kept copies go stale when the date
changes, with nothing saved.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from cliffhanger.caching.dependencies import tag_versions
from cliffhanger.core.scheduler_jobs import job_name, jobs_registered
from cliffhanger.testing.clock import clock_set
from cliffhanger.tracker.cache_rules import TODAY
from cliffhanger.tracker.jobs import today_invalidate
from cliffhanger.tracker.selectors import waiting_for

BOARD = "/shows/"
SHOW = "/shows/partner-track/"
AWAITING_SINCE = date(2022, 9, 26)


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() is clock.now: three days into the wait, at 10:00 UTC."""
    return clock_set(monkeypatch, datetime(2022, 9, 29, 10, tzinfo=UTC))


@pytest.fixture
def awaiting(clock, season_one, record):
    return record(season_one, "awaiting", AWAITING_SINCE)


def today_version() -> int:
    return tag_versions([TODAY])[TODAY]


def test_the_scheduler_runs_the_job():
    assert job_name(today_invalidate) in dict(jobs_registered())


class TestWaitingFor:
    @pytest.mark.parametrize(
        ("days", "words"),
        [(0, "less than a day"), (1, "1\xa0day"), (10, "1\xa0week, 3\xa0days")],
    )
    def test_counts_whole_days(self, days, words):
        today = date(2022, 10, 6)
        since = today - timedelta(days=days)

        assert waiting_for(since=since, today=today) == words


def test_the_boards_waits_do_not_change_with_the_hour(awaiting, clock):
    morning = Client().get(BOARD).text
    clock.move(hours=13, minutes=59)  # 23:59
    evening = Client().get(BOARD).text

    assert "(3\xa0days)" in morning and "(3\xa0days)" in evening
    assert "hour" not in evening


def test_a_kept_board_counts_the_new_day_once_the_job_ran(
    fragments, settings, awaiting, clock
):
    settings.PAGE_CACHE_SECONDS = 300
    today_invalidate()
    assert "(3\xa0days)" in Client().get(BOARD).text

    clock.move(hours=14, seconds=30)  # 00:00:30 the next day
    assert "(3\xa0days)" in Client().get(BOARD).text  # the kept page
    today_invalidate()

    response = Client().get(BOARD)
    assert response["X-Page-Cache"] == "miss"
    assert "(4\xa0days)" in response.text


def test_a_kept_show_chart_runs_to_the_new_day_once_the_job_ran(
    fragments, awaiting, clock
):
    today_invalidate()
    assert "to 29 Sep 2022" in Client().get(SHOW).text

    clock.move(days=1)
    assert "to 29 Sep 2022" in Client().get(SHOW).text  # the kept history
    today_invalidate()

    assert "to 30 Sep 2022" in Client().get(SHOW).text


def test_the_day_is_bumped_in_its_first_two_rounds_then_left_alone(clock):
    before = today_version()

    bumps = []
    for _ in range(3):
        today_invalidate()
        bumps.append(today_version() - before)
        clock.move(seconds=15)

    assert bumps == [1, 2, 2]


def test_a_day_that_changed_while_the_scheduler_was_stopped(clock):
    today_invalidate()
    today_invalidate()
    before = today_version()

    clock.move(days=3)
    today_invalidate()

    assert today_version() == before + 1


def test_a_round_on_the_same_day_bumps_nothing_and_reads_no_database(clock):
    # No db fixture: a query would fail the test.
    today_invalidate()
    today_invalidate()
    before = today_version()

    today_invalidate()

    assert today_version() == before
