"""What the newsroom draws in every page's slots (core/slots.py)."""

from django.template.loader import render_to_string

from cliffhanger.caching.fragments import remembered_html
from cliffhanger.core.slots import holes_left

from .selectors import most_popular_period


def sidebar(context) -> str:
    """
    The "page.sidebar" slot: Most Popular and what other apps add to the
    "sidebar" slot, kept for every reader per minute (Most Popular is counted
    once a minute). The same for every reader but not for every minute, so a
    page kept with holes leaves it a hole rather than be drawn again each
    minute.
    """
    request = context["request"]

    def render():
        with holes_left(False):  # what it holds is everyone's
            return render_to_string(
                "newsroom/includes/sidebar.html",
                {"request": request},
                request,
                using="jinja2",
            )

    return remembered_html(
        "sidebar",
        most_popular_period(),
        tags=("articles", "shows"),
        render=render,
        shared=not getattr(request, "is_preview", False),
    )
