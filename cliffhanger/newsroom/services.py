"""Writes for the newsroom."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import ArticleDailyViews, ArticlePage


def _daily_views_increment(*, article_id: int, day: date, views: int) -> None:
    rows = ArticleDailyViews.objects.filter(article_id=article_id, day=day)
    if rows.update(views=F("views") + views):
        return
    try:
        with transaction.atomic():
            ArticleDailyViews.objects.create(
                article_id=article_id, day=day, views=views
            )
    except IntegrityError:
        # Another app server created the row between our update and insert.
        rows.update(views=F("views") + views)


@transaction.atomic
def article_views_add(*, counts: dict[tuple[int, date], int]) -> None:
    """
    Add counted views to the daily totals. Views of articles that no longer
    exist are dropped rather than failing the whole batch.
    """
    existing = set(
        ArticlePage.objects.filter(
            pk__in={article_id for article_id, _ in counts}
        ).values_list("pk", flat=True)
    )
    for (article_id, day), views in counts.items():
        if article_id in existing and views > 0:
            _daily_views_increment(article_id=article_id, day=day, views=views)
