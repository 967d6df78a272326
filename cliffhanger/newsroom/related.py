"""
"Read next" under an article: articles about the same show first, then those
sharing the most tags, then the newest from the same section. Other apps add
ranked sources ahead of the newsroom's own through NEWSROOM_RELATED_SOURCES
(the tracker supplies "same show"). Each source is one query for ids; the
chosen articles are then loaded together, so the cost never grows with the
archive or the number of tags.
"""

from collections.abc import Callable

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.module_loading import import_string
from taggit.models import Tag
from wagtail.models import Page

from cliffhanger.caching.dependencies import SITE_WIDE
from cliffhanger.caching.fragments import remembered

from .models import ArticlePage
from .selectors import article_links_by_ids, public

# source(article=, tags=, candidates=, limit=) -> article ids, best first;
# `candidates` is the live, public articles not chosen yet.
RelatedSource = Callable[..., list[int]]


def related_ids_by_tags(*, article, tags: list[Tag], candidates: QuerySet, limit: int):
    """Articles sharing the most of this article's tags, newest first among equals."""
    tag_ids = [tag.pk for tag in tags]
    if not tag_ids:
        return []
    return list(
        candidates.filter(tagged_items__tag_id__in=tag_ids)
        .annotate(
            shared=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids))
        )
        .order_by("-shared", "-first_published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )


def related_ids_in_section(*, article, tags, candidates: QuerySet, limit: int):
    """The newest articles filed in the same section (siblings in the page tree)."""
    parent_path = article.path[: -Page.steplen]
    return list(
        candidates.filter(path__startswith=parent_path, depth=article.depth)
        .order_by("-first_published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )


NEWSROOM_SOURCES = (related_ids_by_tags, related_ids_in_section)


def related_sources() -> list[RelatedSource]:
    extra = [import_string(path) for path in settings.NEWSROOM_RELATED_SOURCES]
    return [*extra, *NEWSROOM_SOURCES]


def article_related(
    *, article: ArticlePage, tags: list[Tag], shared: bool = True
) -> list[Page]:
    """Up to NEWSROOM_RELATED_COUNT live articles, never the article itself.

    `shared=False` for a preview: its draft tags must not decide what the
    published article's readers get from the shared cache.
    """
    if not shared:
        return article_links_by_ids(ids=related_ids(article=article, tags=tags))
    return remembered(
        "related",
        article.pk,
        tags=SITE_WIDE,  # what is published, bylines, which shows articles cover
        compute=lambda: article_links_by_ids(
            ids=related_ids(article=article, tags=tags)
        ),
    )


def related_ids(*, article: ArticlePage, tags: list[Tag]) -> list[int]:
    limit = settings.NEWSROOM_RELATED_COUNT
    chosen: list[int] = []
    published = public(ArticlePage.objects.live())
    # Every source runs even when the first ones filled the list, so each
    # article page costs the same queries.
    for source in related_sources():
        chosen += source(
            article=article,
            tags=tags,
            candidates=published.exclude(pk__in=[article.pk, *chosen]),
            limit=max(limit - len(chosen), 0),
        )
    return chosen
