from datetime import timedelta

import pytest
from django.utils import timezone

from cliffhanger.predictions.models import Poll, PollOption
from cliffhanger.tracker.tests.conftest import (  # noqa: F401
    article,
    netflix,
    partner_track,
    record,
    season_one,
    section,
)


@pytest.fixture
def make_poll(db):
    def make(
        question="Who should Ingrid end up with?",
        options=("Nick", "Murphy", "Z"),
        **fields,
    ):
        poll = Poll.objects.create(
            question=question, opens_at=timezone.now() - timedelta(hours=1), **fields
        )
        for order, option in enumerate(options):
            label, outcome = option if isinstance(option, tuple) else (option, "")
            PollOption.objects.create(
                poll=poll, label=label, outcome=outcome, sort_order=order
            )
        return poll

    return make


@pytest.fixture
def prediction(make_poll, season_one, article):  # noqa: F811
    return make_poll(
        question="Will Partner Track get a Season 2?",
        options=(("Yes, renewed", "renewed"), ("No, cancelled", "cancelled")),
        season=season_one,
        show=season_one.show,
        article=article,
    )
