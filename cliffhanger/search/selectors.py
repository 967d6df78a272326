"""
Site search: articles, shows and people through Wagtail's search backend
(SQLite FTS5 on the embedded default, PostgreSQL full-text search there).

Articles whose title matches come first, then the rest, each group in the
backend's relevance order. Only ids are ranked; the page shown is loaded
whole, so a search costs the same queries however many articles match.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString
from wagtail.search.backends import get_search_backend

from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.newsroom.selectors import article_list_by_ids, public
from cliffhanger.tracker.models import Person, Show

from .highlight import highlight, snippet, terms_pattern
from .query import SearchQuery

ARTICLES_PER_PAGE = 10
SHOWS_SHOWN = 5
PEOPLE_SHOWN = 5
# Ids ranked per query; a reader never pages past 50 pages of results.
MAX_RANKED = ARTICLES_PER_PAGE * 50


@dataclass
class ArticleHit:
    article: ArticlePage
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class SearchResults:
    query: SearchQuery
    page: PaginatorPage | None = None
    hits: list[ArticleHit] = field(default_factory=list)
    shows: list[Show] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    # True when no article had every word and articles with any word are shown.
    matched_any_word: bool = False

    @property
    def article_count(self) -> int:
        return self.page.paginator.count if self.page else 0

    @property
    def count_is_capped(self) -> bool:
        """Ranking stops at MAX_RANKED ids, so the count reads "500+"."""
        return self.article_count >= MAX_RANKED

    @property
    def is_empty(self) -> bool:
        return not (self.article_count or self.shows or self.people)


def _ranked_ids(text: str, *, operator: str, fields: list[str] | None = None) -> list:
    searchable = public(ArticlePage.objects.live()).only("pk")
    if _index_is_sqlite_fts():
        return _ranked_ids_sqlite(searchable, text, operator=operator, fields=fields)
    results = searchable.search(text, operator=operator, fields=fields)
    return [article.pk for article in results[:MAX_RANKED]]


def _index_is_sqlite_fts() -> bool:
    if connection.vendor != "sqlite":
        return False
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return isinstance(get_search_backend(), SQLiteSearchBackend)


# The SQLite backend (modelsearch 1.3) orders by relevance through a correlated
# subquery that runs the FTS MATCH again for every matching row, so a search
# costs matches² (a minute for "season" on 10,000 articles; bench/search.py).
# This is the same MATCH, score and order (bm25 weighted by the title norm,
# ties newest id first) in one pass; test_grown_articles checks the two agree.
RANKED_IDS_SQLITE = """
SELECT CAST(entry.object_id AS INTEGER) AS pk
FROM {fts} JOIN {entries} AS entry ON entry.id = {fts}.rowid
WHERE {fts} MATCH %s AND entry.content_type_id = %s AND EXISTS ({searchable})
ORDER BY (bm25({fts}) * entry.title_norm) + (bm25({fts}) * 1.0), pk DESC
LIMIT %s
"""


def _ranked_ids_sqlite(
    searchable: QuerySet, text: str, *, operator: str, fields: list[str] | None
) -> list[int]:
    from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

    # The words reach FTS5 quoted, as the backend quotes them; query.py
    # leaves no quote inside a word.
    joined = f" {operator.upper()} ".join(f'"{word}"' for word in text.split())
    match = f"{{{' '.join(fields or ['title', 'body'])}}} : ({joined})"
    this_entry = RawSQL("CAST(entry.object_id AS INTEGER)", ())
    exists_sql, exists_params = (
        searchable.filter(pk=this_entry).order_by().values("pk").query.sql_with_params()
    )
    sql = RANKED_IDS_SQLITE.format(
        fts=SQLiteFTSIndexEntry._meta.db_table,
        entries=IndexEntry._meta.db_table,
        searchable=exists_sql,
    )
    content_type = ContentType.objects.get_for_model(ArticlePage)
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, content_type.pk, *exists_params, MAX_RANKED])
        return [pk for (pk,) in cursor.fetchall()]


def article_ids_ranked(text: str, *, operator: str = "and") -> list[int]:
    """Matching live, public article ids: title matches first, then the rest."""
    title_ids = _ranked_ids(text, operator=operator, fields=["title"])
    seen = set(title_ids)
    rest = [pk for pk in _ranked_ids(text, operator=operator) if pk not in seen]
    return (title_ids + rest)[:MAX_RANKED]


def article_search_text(article: ArticlePage) -> str:
    """What a snippet is cut from: the dek, then the body's text."""
    body = article.body.stream_block.get_searchable_content(article.body)
    return " ".join([article.dek or article.search_description, *body])


def site_search(*, query: SearchQuery, page_number=None) -> SearchResults:
    results = SearchResults(query=query)
    if not query:
        return results
    text = query.text
    ids = article_ids_ranked(text)
    if not ids and len(query.terms) > 1:
        ids = article_ids_ranked(text, operator="or")
        results.matched_any_word = bool(ids)
    results.page = Paginator(ids, ARTICLES_PER_PAGE).get_page(page_number)
    pattern = terms_pattern(query.terms)
    results.hits = [
        ArticleHit(
            article=article,
            title_html=highlight(article.title, pattern),
            snippet_html=snippet(article_search_text(article), pattern),
        )
        for article in article_list_by_ids(
            ids=list(results.page.object_list), with_body=True
        )
    ]
    if results.page.number == 1:
        backend = get_search_backend()
        operator = "or" if results.matched_any_word else "and"
        results.shows = list(
            backend.search(
                text, Show.objects.select_related("network"), operator=operator
            )[:SHOWS_SHOWN]
        )
        results.people = list(
            backend.search(text, Person.objects.all(), operator=operator)[:PEOPLE_SHOWN]
        )
    return results
