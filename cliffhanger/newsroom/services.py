"""Writes for the newsroom."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from .models import ArticleDailyViews, ArticlePage, ArticleViewReader


@transaction.atomic
def article_views_record(*, readings: set[tuple[int, date, str]]) -> None:
    """
    Store (article id, day, reader hash) readings and bring the daily totals
    up to date. Readings of articles that are not live are dropped, and a
    reader seen before that day (by any app server) is not counted again.
    """
    article_ids = {article_id for article_id, _, _ in readings}
    live = set(
        ArticlePage.objects.live()
        .public()
        .filter(pk__in=article_ids)
        .values_list("pk", flat=True)
    )
    ArticleViewReader.objects.bulk_create(
        [
            ArticleViewReader(article_id=article_id, day=day, reader_hash=reader)
            for article_id, day, reader in readings
            if article_id in live
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    touched = {
        (article_id, day) for article_id, day, _ in readings if article_id in live
    }
    if touched:
        _daily_views_refresh(touched)
    article_view_readers_prune()


def _daily_views_refresh(pairs: set[tuple[int, date]]) -> None:
    match = Q()
    for article_id, day in pairs:
        match |= Q(article_id=article_id, day=day)
    totals = (
        ArticleViewReader.objects.filter(match)
        .values_list("article_id", "day")
        .annotate(readers=Count("pk"))
    )
    for article_id, day, readers in totals:
        _daily_views_set(article_id=article_id, day=day, views=readers)


def _daily_row(*, article_id: int, day: date):
    rows = ArticleDailyViews.objects.filter(article_id=article_id, day=day)
    if not rows.exists():
        try:
            with transaction.atomic():
                ArticleDailyViews.objects.create(article_id=article_id, day=day)
        except IntegrityError:  # another app server created it first
            pass
    return rows


def _daily_views_set(*, article_id: int, day: date, views: int) -> None:
    """The day's total is its distinct readers plus any imported views."""
    _daily_row(article_id=article_id, day=day).update(views=F("imported_views") + views)


def article_views_add(*, counts: dict[tuple[int, date], int]) -> None:
    """Add totals that have no readers behind them (demo content, imports)."""
    for (article_id, day), views in counts.items():
        _daily_row(article_id=article_id, day=day).update(
            imported_views=F("imported_views") + views, views=F("views") + views
        )


def article_view_readers_prune() -> int:
    """Forget who read what once it is older than the Most Popular window."""
    cutoff = timezone.localdate() - timedelta(
        days=settings.NEWSROOM_MOST_POPULAR_DAYS + 1
    )
    deleted, _ = ArticleViewReader.objects.filter(day__lt=cutoff).delete()
    return deleted
