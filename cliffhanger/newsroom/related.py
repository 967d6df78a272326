"""
"Read next" under an article: articles about the same show first, then those
sharing the most tags, then the newest from the same section. Other apps add
ranked sources ahead of the newsroom's own through NEWSROOM_RELATED_SOURCES
(the tracker supplies "same show"). Each source is one query for ids (SQL:
see Candidates); the chosen articles are then loaded together, so the cost
never grows with the archive or the number of tags. A source with nothing
left to fill makes no query.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string
from taggit.models import Tag
from wagtail.models import Page

from cliffhanger.caching.dependencies import SITE_WIDE
from cliffhanger.caching.fragments import remembered

from .models import ArticlePage, ArticlePageTag
from .restrictions import public_path_sql
from .selectors import article_links_by_ids

# source(article=, tags=, candidates=, limit=) -> article ids, best first;
# `candidates` (a Candidates) says which articles may be chosen.
RelatedSource = Callable[..., list[int]]


@dataclass(frozen=True)
class Candidates:
    """
    The live, public articles not chosen yet, as SQL conditions on
    wagtailcore_page aliased `p` joined to the article table aliased `a`.
    Sources are written in SQL: the database answers each in well under a
    tenth of a millisecond, while building and compiling the same query
    through the ORM took 1 to 1.5 ms, a sixth of an uncached article.
    """

    exclude_ids: tuple[int, ...]

    def _sql(self) -> tuple[str, str, list]:
        """(FROM clause, WHERE conditions, their parameters)."""
        quote = connection.ops.quote_name
        tables = (
            f"{quote(Page._meta.db_table)} p INNER JOIN"
            f" {quote(ArticlePage._meta.db_table)} a ON a.page_ptr_id = p.id"
        )
        # A new page in preview has no id yet: NOT IN (NULL) would match nothing.
        ids = [pk for pk in self.exclude_ids if pk is not None]
        conditions, params = ["p.live = %s"], [True]
        if ids:
            conditions.append(f"p.id NOT IN ({', '.join(['%s'] * len(ids))})")
            params += ids
        public, public_params = public_path_sql("p.path")
        return tables, " AND ".join([*conditions, *public]), [*params, *public_params]

    def ids(
        self, *, join: str = "", where: str, params: list, order: str, group: str = ""
    ) -> list[int]:
        """
        The ids a source picks: `SELECT p.id FROM` the candidates `join`, `WHERE`
        they are candidates and `where`, `GROUP BY group`, `ORDER BY order`. A
        source writes only its own part; `params` are `where`'s, then the
        LIMIT's, in that order.
        """
        tables, conditions, own = self._sql()
        sql = f"SELECT p.id FROM {tables} {join} WHERE {conditions} AND {where}"
        if group:
            sql += f" GROUP BY {group}"
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} ORDER BY {order} LIMIT %s", [*own, *params])
            return [row[0] for row in cursor.fetchall()]


def related_ids_by_tags(
    *, article, tags: list[Tag], candidates: Candidates, limit: int
):
    """Articles sharing the most of this article's tags, newest first among equals."""
    tag_ids = [tag.pk for tag in tags]
    if not tag_ids or not limit:
        return []
    tagged = connection.ops.quote_name(ArticlePageTag._meta.db_table)
    marks = ", ".join(["%s"] * len(tag_ids))
    return candidates.ids(
        join=f"INNER JOIN {tagged} t ON t.content_object_id = p.id",
        where=f"t.tag_id IN ({marks})",
        group="p.id, p.first_published_at",
        order="COUNT(*) DESC, p.first_published_at DESC, p.id DESC",
        params=[*tag_ids, limit],
    )


def related_ids_in_section(*, article, tags, candidates: Candidates, limit: int):
    """The newest articles filed in the same section (siblings in the page tree)."""
    if not limit:
        return []
    parent_path = article.path[: -Page.steplen]
    return candidates.ids(
        where="SUBSTR(p.path, 1, %s) = %s AND p.depth = %s",
        order="p.first_published_at DESC, p.id DESC",
        params=[len(parent_path), parent_path, article.depth, limit],
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
    for source in related_sources():
        chosen += source(
            article=article,
            tags=tags,
            candidates=Candidates(exclude_ids=(article.pk, *chosen)),
            limit=max(limit - len(chosen), 0),
        )
    return chosen
