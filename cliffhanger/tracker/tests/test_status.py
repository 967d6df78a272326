"""Status history: append-only, sourced, current status derived from it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cliffhanger.tracker.models import SeasonStatus, SeasonStatusChange
from cliffhanger.tracker.selectors import (
    season_current_change,
    season_list_with_status,
    show_board,
    show_seasons_with_history,
)
from cliffhanger.tracker.services import (
    STATUS_DATE_IN_FUTURE,
    STATUS_UNKNOWN,
    season_status_record,
)

from .factories import NetworkFactory, SeasonFactory, ShowFactory


class TestDerivation:
    def test_latest_effective_date_wins_even_when_recorded_out_of_order(
        self, season_one, record
    ):
        record(season_one, "cancelled", date(2022, 11, 8), source_outlet="Deadline")
        record(season_one, "airing", date(2022, 8, 26))
        record(season_one, "awaiting", date(2022, 9, 26))

        assert season_current_change(season=season_one).status == SeasonStatus.CANCELLED
        annotated = season_list_with_status().get(pk=season_one.pk)
        assert annotated.current_status == "cancelled"
        assert annotated.current_status_date == date(2022, 11, 8)
        history = show_seasons_with_history(show=season_one.show)[0]
        assert [c.status for c in history.history] == [
            "airing",
            "awaiting",
            "cancelled",
        ]
        assert history.current.status == "cancelled"

    def test_same_day_the_later_record_wins(self, season_one, record):
        record(season_one, "awaiting", date(2023, 1, 2))
        record(season_one, "renewed", date(2023, 1, 2))

        assert season_current_change(season=season_one).status == "renewed"

    def test_no_history_means_no_status(self, season_one):
        assert season_current_change(season=season_one) is None

    def test_unknown_status_is_refused(self, season_one):
        with pytest.raises(ValidationError, match=STATUS_UNKNOWN):
            season_status_record(
                season=season_one, status="maybe", effective_date=date(2022, 1, 1)
            )
        assert SeasonStatusChange.objects.count() == 0

    def test_future_dates_are_refused(self, season_one):
        with pytest.raises(ValidationError, match=STATUS_DATE_IN_FUTURE):
            season_status_record(
                season=season_one,
                status="renewed",
                effective_date=timezone.localdate() + timedelta(days=1),
            )

    def test_source_url_must_be_a_url(self, season_one):
        with pytest.raises(ValidationError):
            season_status_record(
                season=season_one,
                status="renewed",
                effective_date=date(2022, 1, 1),
                source_url="javascript:alert(1)",
            )


class TestBoard:
    @pytest.fixture
    def shows(self, db, record):
        hbo = NetworkFactory(name="HBO", slug="hbo")
        netflix = NetworkFactory(name="Netflix", slug="netflix")
        long_wait = SeasonFactory(show=ShowFactory(title="Long Wait", network=hbo))
        short_wait = SeasonFactory(
            show=ShowFactory(title="Short Wait", network=netflix)
        )
        mini = SeasonFactory(
            show=ShowFactory(title="Mini", network=netflix, show_type="miniseries")
        )
        renewed = ShowFactory(title="Renewed Show", network=netflix)
        SeasonFactory(show=renewed, number=1)
        latest = SeasonFactory(show=renewed, number=2)
        record(long_wait, "awaiting", date(2024, 1, 1))
        record(short_wait, "awaiting", date(2025, 6, 1))
        record(mini, "awaiting", date(2023, 1, 1))
        record(latest, "renewed", date(2025, 2, 1))
        return {"hbo": hbo}

    def test_every_show_with_its_latest_season(self, shows):
        rows = show_board()

        assert [(r.show.title, r.season.number, r.status) for r in rows] == [
            ("Long Wait", 1, "awaiting"),
            ("Mini", 1, "awaiting"),
            ("Renewed Show", 2, "renewed"),
            ("Short Wait", 1, "awaiting"),
        ]

    def test_awaiting_view_leaves_miniseries_out_and_sorts_by_wait(self, shows):
        rows = show_board(status="awaiting", sort="waiting")

        assert [r.show.title for r in rows] == ["Long Wait", "Short Wait"]

    def test_filter_by_network(self, shows):
        assert [r.show.title for r in show_board(network="hbo")] == ["Long Wait"]

    def test_board_page_and_its_filters(
        self, shows, client, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(9):  # board 4, nav 2, popular 2, sidebar 1
            response = client.get("/shows/", {"status": "awaiting", "sort": "waiting"})

        html = response.text[response.text.index('<table class="board">') :]
        html = html[: html.index("</table>")]
        assert response.status_code == 200
        assert html.index("Long Wait") < html.index("Short Wait")
        assert "Mini" not in html and "Renewed Show" not in html

    @pytest.mark.parametrize(
        "query", ["status=bogus", "sort=nope", "network=nowhere", "status=%00"]
    )
    def test_bad_filters_are_ignored(self, shows, client, query):
        response = client.get(f"/shows/?{query}")

        assert response.status_code == 200
        html = response.text[response.text.index('<table class="board">') :]
        html = html[: html.index("</table>")]
        # The whole board, as without the filter.
        for title in ["Long Wait", "Short Wait", "Mini", "Renewed Show"]:
            assert title in html


def test_every_page_links_to_the_tracker(client, db):
    html = client.get("/").text

    assert '<li><a href="/shows/">Shows</a></li>' in html


def test_sidebar_shows_the_latest_status_changes(client, season_one, record):
    record(season_one, "cancelled", date(2022, 11, 8))

    html = client.get("/").text

    assert 'id="tracker-highlights-heading">Renewal tracker' in html
    assert '<a href="/shows/partner-track/">Partner Track</a>' in html


def test_sidebar_highlights_are_cached_until_the_next_status_change(
    client,
    season_one,
    record,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    from cliffhanger.tracker.selectors import status_change_highlights_cached

    with django_capture_on_commit_callbacks(execute=True):
        record(season_one, "awaiting", date(2022, 9, 26))
    assert status_change_highlights_cached()[0]["status"] == "awaiting"
    with django_assert_num_queries(0):
        status_change_highlights_cached()

    with django_capture_on_commit_callbacks(execute=True):
        record(season_one, "cancelled", date(2022, 11, 8))

    assert status_change_highlights_cached()[0]["status"] == "cancelled"
