"""
Whether any view restriction covers a page, from the shared cache.

Wagtail asks every page it serves for its own and its ancestors' restrictions,
two queries, though most sites restrict few pages or none. The paths of the
restricted pages are kept under "articles", which adding or removing a
restriction and moving a page bump (newsroom/cache_rules.py).
"""

from functools import cache

from django.db.models import Q
from wagtail.models import PageViewRestriction

from cliffhanger.caching.fragments import remembered
from cliffhanger.core.db.prepared import PreparedQuery
from cliffhanger.core.private_apis import queryset_read_as_empty
from cliffhanger.core.request_memo import per_request


def restricted_paths() -> list[str]:
    return per_request(
        "view-restricted-paths",
        lambda: remembered(
            "view-restricted-paths",
            tags=("articles",),
            compute=lambda: [path for (path,) in _RESTRICTED_PATHS()],
        ),
    )


# Every uncached page asks (core/db/prepared.py).
_RESTRICTED_PATHS = PreparedQuery(
    lambda: PageViewRestriction.objects.order_by().values_list("page__path")
)


def private_pages_q() -> Q:
    """Wagtail's `Page.objects.private_q()`, from the paths read above."""
    return private_pages_q_for(restricted_paths())


def private_pages_q_for(paths) -> Q:
    """The pages at or under these restricted paths."""
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return q or Q(pk__in=[])


def may_be_restricted(page) -> bool:
    """False only when no restriction covers the page or any ancestor (aliases are asked)."""
    if page.alias_of_id is not None:
        return True
    return any(page.path.startswith(path) for path in restricted_paths())


@cache
def no_restrictions():
    """
    No restrictions, as a queryset already read (iterating an unread none()
    still builds and compiles its query), made once per process: building
    even an empty one was 3% of an uncached article. Shared, so for reading
    only: iterating, exists(), or a method that returns a new queryset
    (Wagtail's callers do no more); update() or delete() would reset it.
    """
    return queryset_read_as_empty(PageViewRestriction.objects.none())


def public_path_sql(column: str) -> tuple[list[str], list]:
    """private_pages_q() as SQL conditions on a page-path column, for
    hand-written queries (newsroom/related.py): (conditions, parameters)."""
    conditions, params = [], []
    for path in restricted_paths():  # a restriction covers its descendants
        conditions.append(f"SUBSTR({column}, 1, %s) <> %s")
        params += [len(path), path]
    return conditions, params
