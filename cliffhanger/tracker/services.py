"""Writes for the tracker: recording a season's status is the one way it changes."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Season, SeasonStatus, SeasonStatusChange
from .signals import season_status_changed

STATUS_UNKNOWN = "Choose one of the tracker's statuses."
STATUS_DATE_IN_FUTURE = (
    "A status change cannot take effect in the future; record it when it happens."
)


def season_status_record(
    *,
    season: Season,
    status: str,
    effective_date: date,
    source_outlet: str = "",
    source_url: str = "",
    note: str = "",
    recorded_by=None,
) -> SeasonStatusChange:
    """
    Append a status change to the season's history. Entries may arrive out of
    order (a later report of an earlier decision); the current status is
    always the one with the latest effective date. After commit, followers
    are notified and prediction polls get a chance to resolve.
    """
    if status not in SeasonStatus.values:
        raise ValidationError(STATUS_UNKNOWN)
    from django.utils import timezone

    if effective_date > timezone.localdate():
        raise ValidationError(STATUS_DATE_IN_FUTURE)
    change = SeasonStatusChange(
        season=season,
        status=status,
        effective_date=effective_date,
        source_outlet=source_outlet.strip(),
        source_url=source_url.strip(),
        note=note.strip(),
        recorded_by=recorded_by,
    )
    change.full_clean()
    with transaction.atomic():
        change.save()
        transaction.on_commit(lambda: _status_recorded(change), robust=True)
    return change


def _status_recorded(change: SeasonStatusChange) -> None:
    """Side effects of a new status: signal listeners (follows, predictions, caches)."""
    season_status_changed.send(sender=SeasonStatusChange, change=change)
