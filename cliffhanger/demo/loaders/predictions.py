"""
The predictions demo: the seed article's two polls (the Season 2 prediction,
resolved by the demo's cancellation, and "Who should Ingrid end up with?")
and open prediction polls on undecided shows, with seeded votes
(data/polls.json). Idempotent: polls are matched by question.
"""

import random
from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.predictions.models import Poll, PollOption, PollVote
from cliffhanger.predictions.services import prediction_polls_resolve
from cliffhanger.tracker.models import Show

from ..content import SEED_SLUG, demo_data, demo_time


def _poll_ensure(
    *,
    question,
    options,
    article=None,
    show=None,
    season=None,
    opens_at=None,
    votes_until=None,
):
    poll = Poll.objects.filter(question=question).first()
    if poll is not None:
        return poll, False
    poll = Poll.objects.create(
        question=question,
        article=article,
        show=show,
        season=season,
        **({"opens_at": opens_at} if opens_at else {}),
    )
    rng = random.Random(question)
    for order, spec in enumerate(options):
        option = PollOption.objects.create(
            poll=poll, label=spec["label"], outcome=spec["outcome"], sort_order=order
        )
        PollVote.objects.bulk_create(
            PollVote(
                poll=poll,
                option=option,
                reader_key=f"demo-{option.pk}-{n}-{rng.random()}",
                address_key=f"demo-{option.pk}-{n}",
            )
            for n in range(spec["votes"])
        )
    for option in poll.options.annotate(n=Count("votes")):
        PollOption.objects.filter(pk=option.pk).update(vote_count=option.n)
    _votes_spread(poll, rng, start=poll.opens_at, end=votes_until or timezone.now())
    return poll, True


def _votes_spread(poll: Poll, rng: random.Random, *, start, end) -> None:
    """
    Date the seeded votes across the poll's weeks, so its forecast chart has a
    story: votes predicting a renewal come early, the rest later on.
    """
    days = max((end - start).days, 1)
    by_day = defaultdict(list)
    for vote_id, outcome in poll.votes.values_list("pk", "option__outcome"):
        skew = 1.6 if outcome == "renewed" else 0.8 if outcome else 1
        by_day[int(rng.random() ** skew * days)].append(vote_id)
    for day, vote_ids in by_day.items():
        PollVote.objects.filter(pk__in=vote_ids).update(
            created_at=min(start + timedelta(days=day, hours=rng.randint(1, 10)), end)
        )


@transaction.atomic
def load() -> dict:
    """Create the demo's polls and their votes; returns how many polls it made."""
    data = demo_data("polls")
    seed_polls = data["seed"]
    created = 0
    article = ArticlePage.objects.filter(slug=SEED_SLUG).first()
    show = Show.objects.filter(slug=seed_polls["show"]).first()
    season = show.seasons.order_by("-number").first() if show else None
    opened = demo_time(seed_polls["opens_at"])
    cancelled = demo_time(seed_polls["votes_until"])  # the eve of the decision
    for spec in seed_polls["polls"]:
        _, made = _poll_ensure(
            question=spec["question"],
            options=spec["options"],
            article=article,
            show=show,
            season=season if spec["prediction"] else None,
            opens_at=opened,
            votes_until=cancelled,
        )
        created += made
    for spec in data["open"]:
        other = Show.objects.filter(slug=spec["show"]).first()
        if other is None:
            continue
        latest = other.seasons.order_by("-number").first()
        _, made = _poll_ensure(
            question=f"Will {other.title} get another season?",
            options=spec["options"],
            show=other,
            season=latest,
            opens_at=timezone.now() - timedelta(days=30),
        )
        created += made
    if season is not None:
        prediction_polls_resolve(season=season)  # the demo's cancellation decides it
    return {"polls": created}
