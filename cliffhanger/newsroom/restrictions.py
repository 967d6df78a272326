"""
Whether any view restriction covers a page, from the shared cache.

Wagtail asks every page it serves for its own and its ancestors' restrictions,
two queries, though most sites restrict few pages or none. The paths of the
restricted pages are kept under "articles", which adding or removing a
restriction and moving a page bump (newsroom/cache_rules.py).
"""

from wagtail.models import PageViewRestriction

from cliffhanger.caching.fragments import remembered


def restricted_paths() -> list[str]:
    return remembered(
        "view-restricted-paths",
        tags=("articles",),
        compute=lambda: list(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        ),
    )


def may_be_restricted(page) -> bool:
    """False only when no restriction covers the page or any ancestor (aliases are asked)."""
    if page.alias_of_id is not None:
        return True
    return any(page.path.startswith(path) for path in restricted_paths())
