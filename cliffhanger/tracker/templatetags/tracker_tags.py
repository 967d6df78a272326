from django import template

from cliffhanger.tracker.selectors import article_status_boxes

register = template.Library()


@register.inclusion_tag("tracker/includes/status_boxes.html")
def article_status(article):
    """The renewal-status boxes for the shows an article covers."""
    return {
        "boxes": article_status_boxes(
            article=article, published_at=article.first_published_at
        )
    }


@register.filter
def status_class(status: str | None) -> str:
    return f"status status--{(status or 'unknown').replace('_', '-')}"
