"""
Grow the demo site to N synthetic, live articles, for measuring search
(bench/search.py) and testing its ranking. Load the demo first: the articles
go under its sections, bylined to its authors.

    articles_grow(count=10_000, seed=7)

The n-th article's slug ends in `-grown-<n>`, and its text depends only on n
and the seed (synthetic_articles.py), so a second run adds only the numbers
below `count` that are missing and never duplicates one. Pages are created live, without revisions, in batches of one
transaction each, and indexed for search in bulk at the end. Each save still
queues the usual background tasks (search index and reference index, about
three per article); a running worker catches up on them later, repeating the
search indexing harmlessly.
"""

import re
import time
from itertools import islice

from django.db import transaction
from django.utils.text import slugify
from wagtail.search.backends import get_search_backend

from cliffhanger.newsroom.models import ArticleAuthor, ArticlePage, Author, SectionPage

from .synthetic_articles import article_spec

NEEDS_DEMO = "No live section or no author: run `manage.py load_demo` first."


class NeedsDemo(Exception):
    """The database has no live section or no author to put articles under."""


SLUG_NUMBER = re.compile(r"-grown-([0-9]+)$")
INDEX_CHUNK = 1000


def batched(items: list, size: int):
    """itertools.batched, which arrives in Python 3.12."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def grown_numbers() -> set[int]:
    """The numbers of the synthetic articles already in the database."""
    slugs = ArticlePage.objects.filter(slug__regex=SLUG_NUMBER.pattern).values_list(
        "slug", flat=True
    )
    return {int(SLUG_NUMBER.search(slug).group(1)) for slug in slugs}


def article_grow(
    *, number: int, seed: int, section: SectionPage, authors: list[Author]
) -> ArticlePage:
    """
    Create the `number`-th synthetic article, live, under `section`: bylined
    to one of `authors`, every fifth article to two of them.
    """
    spec = article_spec(number=number, seed=seed)
    words = slugify(spec.title)[:80].rstrip("-")
    article = ArticlePage(
        title=spec.title,
        slug=f"{words}-grown-{number}",
        dek=spec.dek,
        body=spec.body,
        live=True,
        has_unpublished_changes=False,
        first_published_at=spec.published,
        last_published_at=spec.published,
    )
    byline = [authors[(number + offset) % len(authors)] for offset in (0, 1)]
    if number % 5 or byline[0] == byline[1]:
        byline = byline[:1]
    for order, author in enumerate(byline):
        article.article_authors.add(ArticleAuthor(author=author, sort_order=order))
    article.tags.add(*spec.tags)
    section.add_child(instance=article)
    return article


def articles_grow(*, count: int, seed: int = 7, batch_size: int = 500) -> str:
    """
    Add synthetic live articles until there are `count` of them; a one-line
    summary of what was done. Raises NeedsDemo without sections or authors.
    """
    if count < 0 or batch_size < 1:
        raise ValueError("count must be 0 or more and batch_size 1 or more.")
    sections = list(SectionPage.objects.live().order_by("path"))
    authors = list(Author.objects.order_by("pk"))
    if not sections or not authors:
        raise NeedsDemo(NEEDS_DEMO)

    present = grown_numbers()
    missing = [number for number in range(count) if number not in present]
    started = time.perf_counter()
    created = []
    for batch in batched(missing, batch_size):
        with transaction.atomic():
            created.extend(
                article_grow(
                    number=number,
                    seed=seed,
                    section=sections[number % len(sections)],
                    authors=authors,
                ).pk
                for number in batch
            )
    creating = time.perf_counter() - started
    started = time.perf_counter()
    _index_bulk(created)
    indexing = time.perf_counter() - started
    return (
        f"created {len(created)} synthetic articles in {creating:.1f} s and "
        f"indexed them in {indexing:.1f} s; {len(present) + len(created)} "
        f"synthetic articles in all"
    )


def _index_bulk(article_ids: list[int]) -> None:
    """
    One bulk pass instead of a backend write per page: the database backend
    recomputes title norms over the whole index on every add.
    """
    backend = get_search_backend()
    for chunk in batched(article_ids, INDEX_CHUNK):
        backend.add_bulk(
            ArticlePage,
            list(ArticlePage.get_indexed_objects().filter(pk__in=chunk)),
        )
