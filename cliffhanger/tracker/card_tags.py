"""
The og:image tags that point a shared link's preview at its status card
(social_cards.py): for an article, drawn in the newsroom's page through the
"article.og_image" slot, and for a show page. Each card's address and words
are kept under what they show; the tags are written per request, with the
request's own scheme and host.
"""

from django.utils.html import format_html

from cliffhanger.caching.dependencies import SITE_WIDE
from cliffhanger.caching.fragments import remembered
from cliffhanger.core.request_memo import per_request
from cliffhanger.newsroom.restrictions import may_be_restricted

from . import social_cards
from .selectors import article_status_boxes
from .social_cards import article_card, show_card


def article_boxes(article):
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


def article_card_tags(context) -> str:
    """The "article.og_image" slot: nothing for a preview or a private
    article (the newsroom's own image stands in)."""
    request, article = context["request"], context["page"]
    if getattr(request, "is_preview", False) or not article.live:
        return ""
    if may_be_restricted(article):
        return ""
    card = remembered(
        "article-social-card",
        article.pk,
        tags=SITE_WIDE,  # the article, the status of the show it covers
        compute=lambda: _card_meta(
            article_card(article=article, boxes=article_boxes(article))
        ),
    )
    return card_tags(request, card)


def show_card_tags(request, show, season) -> str:
    """A show page's card, from what the page has read: its latest season
    with `current` (show_seasons_with_history)."""

    def compute():
        current = getattr(season, "current", None)
        return _card_meta(
            show_card(
                show=show,
                season=season,
                status=current.status if current else None,
                since=current.effective_date if current else None,
            )
        )

    card = remembered(
        "show-social-card", show.pk, tags=("shows", "articles"), compute=compute
    )
    return card_tags(request, card)


def card_tags(request, card: dict) -> str:
    return format_html(
        '<meta property="og:image" content="{}://{}{}">'
        '<meta property="og:image:type" content="image/png">'
        '<meta property="og:image:width" content="{}">'
        '<meta property="og:image:height" content="{}">'
        '<meta property="og:image:alt" content="{}">',
        request.scheme,
        request.get_host(),
        card["url"],
        card["width"],
        card["height"],
        card["alt"],
    )


def _card_meta(card) -> dict:
    return {
        "url": card.url,
        "alt": card.alt,
        "width": social_cards.WIDTH,
        "height": social_cards.HEIGHT,
    }
