"""The tracker's template tags for Jinja2 templates (core/jinja_env.py)."""

from cliffhanger.tracker.card_tags import article_boxes
from cliffhanger.tracker.selectors import status_change_highlights_cached
from cliffhanger.tracker.templatetags.tracker_tags import status_class


def recent_status_changes(limit=5):
    """The sidebar's tracker highlights: the latest renewals, cancellations and dates."""
    return status_change_highlights_cached(limit=limit)


GLOBALS = {
    "article_boxes": article_boxes,
    "recent_status_changes": recent_status_changes,
}
FILTERS = {"status_class": status_class}
