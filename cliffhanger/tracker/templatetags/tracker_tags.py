from django import template

from cliffhanger.tracker.card_tags import article_boxes, show_card_tags
from cliffhanger.tracker.selectors import status_change_highlights_cached

register = template.Library()


@register.inclusion_tag("tracker/includes/status_boxes.html")
def article_status(article):
    """The renewal-status boxes for the shows an article covers."""
    return {"boxes": article_boxes(article)}


@register.simple_tag(takes_context=True)
def show_social_card(context, show, season):
    """The og:image tags for a show page's card (card_tags.py)."""
    return show_card_tags(context["request"], show, season)


@register.filter
def status_class(status: str | None) -> str:
    return f"status status--{(status or 'unknown').replace('_', '-')}"


@register.inclusion_tag("tracker/includes/recent_changes.html")
def recent_status_changes(limit=5):
    """The sidebar's tracker highlights: the latest renewals, cancellations and dates."""
    return {"changes": status_change_highlights_cached(limit=limit)}
