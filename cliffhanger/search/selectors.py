"""
Site search: articles, shows and people through Wagtail's search backend
(SQLite FTS5 on the embedded default, PostgreSQL full-text search there).

Articles whose title matches come first, then the rest, each group in the
backend's relevance order. Only ids are ranked; the page shown is loaded
whole, so a search costs the same queries however many articles match.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.safestring import SafeString
from wagtail.search.backends import get_search_backend

from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.newsroom.selectors import article_list_by_ids
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
    def is_empty(self) -> bool:
        return not (self.article_count or self.shows or self.people)


def _ranked_ids(text: str, *, operator: str, fields: list[str] | None = None) -> list:
    searchable = ArticlePage.objects.live().public().only("pk")
    results = searchable.search(text, operator=operator, fields=fields)
    return [article.pk for article in results[:MAX_RANKED]]


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
