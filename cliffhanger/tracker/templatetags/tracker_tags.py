from django import template

from cliffhanger.caching.dependencies import SITE_WIDE
from cliffhanger.caching.fragments import remembered
from cliffhanger.tracker.selectors import (
    article_status_boxes,
    status_change_highlights_cached,
)

register = template.Library()


@register.inclusion_tag("tracker/includes/status_boxes.html")
def article_status(article):
    """The renewal-status boxes for the shows an article covers."""
    return {
        "boxes": remembered(
            "status-boxes",
            article.pk,
            article.first_published_at,
            tags=SITE_WIDE,  # the shows' statuses, the article's coverage
            compute=lambda: article_status_boxes(
                article=article, published_at=article.first_published_at
            ),
        )
    }


@register.filter
def status_class(status: str | None) -> str:
    return f"status status--{(status or 'unknown').replace('_', '-')}"


@register.inclusion_tag("tracker/includes/recent_changes.html")
def recent_status_changes(limit=5):
    """The sidebar's tracker highlights: the latest renewals, cancellations and dates."""
    return {"changes": status_change_highlights_cached(limit=limit)}
