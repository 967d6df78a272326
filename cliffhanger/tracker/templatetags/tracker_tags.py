from django import template

from cliffhanger.caching.dependencies import SITE_WIDE
from cliffhanger.caching.fragments import remembered
from cliffhanger.core.request_memo import per_request
from cliffhanger.newsroom.restrictions import may_be_restricted
from cliffhanger.tracker import social_cards
from cliffhanger.tracker.selectors import (
    article_status_boxes,
    status_change_highlights_cached,
)
from cliffhanger.tracker.social_cards import article_card, show_card

register = template.Library()


def _article_boxes(article):
    """The article's status boxes, read once per request: its status box and
    its social card (in the page's head) show the same status."""
    return per_request(
        f"tracker:status-boxes:{article.pk}",
        lambda: remembered(
            "status-boxes",
            article.pk,
            article.first_published_at,
            tags=SITE_WIDE,  # the shows' statuses, the article's coverage
            compute=lambda: article_status_boxes(
                article=article, published_at=article.first_published_at
            ),
        ),
    )


@register.inclusion_tag("tracker/includes/status_boxes.html")
def article_status(article):
    """The renewal-status boxes for the shows an article covers."""
    return {"boxes": _article_boxes(article)}


@register.inclusion_tag("tracker/includes/social_card_meta.html", takes_context=True)
def article_social_card(context, article):
    """The og:image tags for an article's card; nothing for a preview or a
    private article (the newsroom's own image stands in)."""
    request = context["request"]
    if getattr(request, "is_preview", False) or not article.live:
        return {"card": None}
    if may_be_restricted(article):
        return {"card": None}
    card = remembered(
        "article-social-card",
        article.pk,
        tags=SITE_WIDE,  # the article, the status of the show it covers
        compute=lambda: _card_meta(
            article_card(article=article, boxes=_article_boxes(article))
        ),
    )
    return {"card": card, "request": request}


@register.inclusion_tag("tracker/includes/social_card_meta.html", takes_context=True)
def show_social_card(context, show, season):
    """The og:image tags for a show's card, from what the show page has read:
    its latest season with `current` (show_seasons_with_history)."""
    current = getattr(season, "current", None)
    card = show_card(
        show=show,
        season=season,
        status=current.status if current else None,
        since=current.effective_date if current else None,
    )
    return {"card": _card_meta(card), "request": context["request"]}


def _card_meta(card) -> dict:
    return {
        "url": card.url,
        "alt": card.alt,
        "width": social_cards.WIDTH,
        "height": social_cards.HEIGHT,
    }


@register.filter
def status_class(status: str | None) -> str:
    return f"status status--{(status or 'unknown').replace('_', '-')}"


@register.inclusion_tag("tracker/includes/recent_changes.html")
def recent_status_changes(limit=5):
    """The sidebar's tracker highlights: the latest renewals, cancellations and dates."""
    return {"changes": status_change_highlights_cached(limit=limit)}
