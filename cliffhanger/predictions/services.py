"""Writes for predictions: votes, ratings and resolving prediction polls."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from cliffhanger.tracker.models import DECISIVE_STATUSES
from cliffhanger.tracker.selectors import season_current_change

from .models import Poll, PollOption, PollVote, SeasonRating
from .signals import poll_resolved

POLL_CLOSED = "This poll is closed."
POLL_OPTION_INVALID = "Choose one of this poll's options."
RATING_INVALID = "Rate the season from 1 to 5 stars."

# A prediction of "no more seasons" is right whether the show was cancelled
# or ended as planned.
OUTCOME_MATCHES = {
    "renewed": {"renewed"},
    "cancelled": {"cancelled", "ended"},
    "ended": {"cancelled", "ended"},
}


def _option_for(poll: Poll, option_id) -> PollOption:
    try:
        return poll.options.get(pk=int(option_id))
    except (PollOption.DoesNotExist, TypeError, ValueError, OverflowError):
        raise ValidationError(POLL_OPTION_INVALID) from None


def poll_vote_cast(*, poll: Poll, option_id, reader_key: str, address_key: str) -> bool:
    """
    Count the reader's vote. Returns False when this reader had already voted
    (nothing changes: one vote each, decided by the database's unique
    constraints, so parallel requests cannot count twice).
    Raises ValidationError for a closed poll or an option from elsewhere.
    """
    if not poll.is_open():
        raise ValidationError(POLL_CLOSED)
    option = _option_for(poll, option_id)
    try:
        with transaction.atomic():
            PollVote.objects.create(
                poll=poll, option=option, reader_key=reader_key, address_key=address_key
            )
            PollOption.objects.filter(pk=option.pk).update(
                vote_count=F("vote_count") + 1
            )
    except IntegrityError:
        return False
    return True


def season_rate(*, season, stars, reader_key: str, address_key: str) -> SeasonRating:
    """A reader's 1–5 star rating of a season; rating again changes their rating."""
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        raise ValidationError(RATING_INVALID) from None
    if not 1 <= stars <= 5:
        raise ValidationError(RATING_INVALID)
    with transaction.atomic():
        existing = (
            SeasonRating.objects.select_for_update()
            .filter(
                Q(reader_key=reader_key) | Q(address_key=address_key), season=season
            )
            .first()
        )
        if existing is not None:
            existing.stars = stars
            existing.save(update_fields=["stars"])
            return existing
        try:
            with transaction.atomic():
                return SeasonRating.objects.create(
                    season=season,
                    stars=stars,
                    reader_key=reader_key,
                    address_key=address_key,
                )
        except IntegrityError:  # a parallel request from this reader won
            return SeasonRating.objects.get(
                Q(reader_key=reader_key) | Q(address_key=address_key), season=season
            )


def prediction_polls_resolve(*, season) -> list[Poll]:
    """
    Close and resolve the season's open prediction polls if its current status
    is decisive (renewed, cancelled, ended). A late entry for an earlier date
    does not resolve anything: the current status decides.
    """
    current = season_current_change(season=season)
    if current is None or current.status not in DECISIVE_STATUSES:
        return []
    now = timezone.now()
    resolved = []
    with transaction.atomic():
        for poll in Poll.objects.select_for_update().filter(
            season=season, resolved_at__isnull=True
        ):
            poll.resolved_at = now
            poll.resolved_status = current.status
            poll.resolved_by_change = current
            if poll.closes_at is None or poll.closes_at > now:
                poll.closes_at = now
            poll.save(
                update_fields=[
                    "resolved_at",
                    "resolved_status",
                    "resolved_by_change",
                    "closes_at",
                    "updated_at",
                ]
            )
            resolved.append(poll)
        if resolved:
            transaction.on_commit(lambda: _polls_resolved(resolved), robust=True)
    return resolved


def _polls_resolved(polls: list[Poll]) -> None:
    """After commit: listeners (webhooks) hear of each resolved poll."""
    for poll in polls:
        poll_resolved.send(sender=Poll, poll=poll)
