"""Votes, results arithmetic, resolution against the tracker, ratings."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cliffhanger.predictions.models import PollVote, SeasonRating
from cliffhanger.predictions.selectors import (
    percentages,
    poll_results,
    season_forecasts,
    season_rating_summary,
)
from cliffhanger.predictions.services import (
    POLL_CLOSED,
    POLL_OPTION_INVALID,
    RATING_INVALID,
    poll_vote_cast,
    season_rate,
)


def vote(poll, option, reader="r1", address="a1"):
    return poll_vote_cast(
        poll=poll, option_id=option.pk, reader_key=reader, address_key=address
    )


class TestPercentages:
    def test_round_to_exactly_100(self):
        assert percentages([1, 1, 1]) == [34, 33, 33]
        assert sum(percentages([2, 3, 7])) == 100

    def test_zero_votes(self):
        assert percentages([0, 0]) == [0, 0]

    @given(
        st.lists(st.integers(min_value=0, max_value=10_000), min_size=2, max_size=10)
    )
    def test_always_add_to_100_or_all_zero(self, counts):
        shares = percentages(counts)
        assert sum(shares) == (100 if sum(counts) else 0)
        assert all(0 <= share <= 100 for share in shares)


class TestVoting:
    def test_one_vote_per_reader(self, make_poll):
        poll = make_poll()
        nick, murphy, _ = poll.options.all()

        assert vote(poll, nick) is True
        assert vote(poll, murphy) is False  # same reader
        assert vote(poll, murphy, reader="r2") is False  # same address, new cookie
        assert vote(poll, murphy, reader="r3", address="a3") is True

        results = poll_results(poll=poll)
        assert [(r.option.label, r.votes, r.percent) for r in results.options] == [
            ("Nick", 1, 50),
            ("Murphy", 1, 50),
            ("Z", 0, 0),
        ]

    def test_option_of_another_poll_counts_nothing(self, make_poll):
        poll, other = make_poll(), make_poll(question="Other?")

        with pytest.raises(ValidationError, match=POLL_OPTION_INVALID):
            vote(poll, other.options.first())
        assert PollVote.objects.count() == 0

    @pytest.mark.parametrize("garbage", [None, "", "abc", "-1", "9" * 30])
    def test_garbage_counts_nothing(self, make_poll, garbage):
        with pytest.raises(ValidationError, match=POLL_OPTION_INVALID):
            poll_vote_cast(
                poll=make_poll(), option_id=garbage, reader_key="r", address_key="a"
            )

    @pytest.mark.parametrize(
        "timing",
        [
            {"closes_at": timezone.now() - timedelta(minutes=1)},
            {"opens_at": timezone.now() + timedelta(days=1)},
        ],
    )
    def test_closed_or_not_yet_open_polls_refuse_votes(self, make_poll, timing):
        poll = make_poll()
        for field, value in timing.items():
            setattr(poll, field, value)
        poll.save()

        with pytest.raises(ValidationError, match=POLL_CLOSED):
            vote(poll, poll.options.first())


class TestResolution:
    def test_decisive_status_resolves_with_a_verdict(
        self, prediction, season_one, record, django_capture_on_commit_callbacks
    ):
        yes, no = prediction.options.all()
        for n in range(36):
            vote(prediction, yes, reader=f"y{n}", address=f"ya{n}")
        for n in range(64):
            vote(prediction, no, reader=f"n{n}", address=f"na{n}")

        with django_capture_on_commit_callbacks(execute=True):
            record(season_one, "cancelled", date(2022, 11, 8), source_outlet="Deadline")

        prediction.refresh_from_db()
        results = poll_results(poll=prediction)
        assert prediction.resolved_at is not None and not prediction.is_open()
        assert (results.verdict_percent, results.verdict_label) == (
            64,
            "a cancellation",
        )
        assert [r.is_outcome for r in results.options] == [False, True]

    @pytest.mark.parametrize(
        "status", ["airing", "awaiting", "in_production", "date_announced"]
    )
    def test_non_decisive_status_leaves_the_poll_open(
        self, prediction, season_one, record, status, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            record(season_one, status, date(2022, 9, 1))

        prediction.refresh_from_db()
        assert prediction.resolved_at is None and prediction.is_open()

    def test_late_entry_for_an_earlier_date_does_not_resolve(
        self, prediction, season_one, record, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            record(season_one, "awaiting", date(2022, 9, 26))
            record(
                season_one, "renewed", date(2021, 1, 1)
            )  # an old fact, recorded late

        prediction.refresh_from_db()
        assert prediction.resolved_at is None

    def test_forecast_while_undecided(self, prediction, make_poll):
        yes, no = prediction.options.all()
        for n in range(3):
            vote(prediction, yes, reader=f"y{n}", address=f"ya{n}")
        vote(prediction, no, reader="n", address="na")

        assert season_forecasts(season_ids=[prediction.season_id]) == {
            prediction.season_id: {"renewal": 75, "votes": 4}
        }


class TestRatings:
    def test_one_rating_per_reader_and_the_summary(self, season_one):
        season_rate(season=season_one, stars=5, reader_key="r1", address_key="a1")
        season_rate(
            season=season_one, stars=3, reader_key="r1", address_key="a1"
        )  # changed
        season_rate(
            season=season_one, stars=4, reader_key="r2", address_key="a1"
        )  # same address
        season_rate(season=season_one, stars=5, reader_key="r3", address_key="a3")

        summary = season_rating_summary(season=season_one)

        assert SeasonRating.objects.count() == 2
        assert (summary.count, summary.average) == (2, 4.5)
        assert summary.distribution[0] == (5, 1, 50)

    @pytest.mark.parametrize("stars", [0, 6, "x", None, "4.5"])
    def test_stars_must_be_1_to_5(self, season_one, stars):
        with pytest.raises(ValidationError, match=RATING_INVALID):
            season_rate(season=season_one, stars=stars, reader_key="r", address_key="a")
