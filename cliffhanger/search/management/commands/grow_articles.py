"""
Grow the demo site to N synthetic, live articles, for measuring search (see
bench/search.py). Run `load_demo` first: the articles go under its sections,
bylined to its authors.

    manage.py grow_articles                 # 10,000 synthetic articles
    manage.py grow_articles --count 300 --seed 7

The n-th article's slug ends in `-grown-<n>`, and its text depends only on n
and the seed (cliffhanger/search/management/synthetic_articles.py), so a
second run adds only the numbers below --count that are missing and never
duplicates one. Pages are created live, without revisions, in batches of one
transaction each, and indexed for search in bulk at the end. Each save still
queues the usual background tasks (search index and reference index, about
three per article); a running worker catches up on them later, repeating the
search indexing harmlessly.
"""

import re
import time
from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from wagtail.search.backends import get_search_backend

from cliffhanger.newsroom.models import ArticleAuthor, ArticlePage, Author, SectionPage

from ..synthetic_articles import article_spec

NEEDS_DEMO = "No live section or no author: run `manage.py load_demo` first."
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


class Command(BaseCommand):
    help = "Add synthetic live articles until the demo site has --count of them."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, count, seed, batch_size, **options):
        if count < 0 or batch_size < 1:
            raise CommandError("--count must be 0 or more and --batch-size 1 or more.")
        sections = list(SectionPage.objects.live().order_by("path"))
        authors = list(Author.objects.order_by("pk"))
        if not sections or not authors:
            raise CommandError(NEEDS_DEMO)

        present = grown_numbers()
        missing = [number for number in range(count) if number not in present]
        started = time.perf_counter()
        created = []
        for batch in batched(missing, batch_size):
            with transaction.atomic():
                for number in batch:
                    article = article_grow(
                        number=number,
                        seed=seed,
                        section=sections[number % len(sections)],
                        authors=authors,
                    )
                    created.append(article.pk)
            if options["verbosity"] > 1:
                self.stdout.write(f"created {len(created)} of {len(missing)}")
        creating = time.perf_counter() - started

        # One bulk pass instead of a backend write per page: the database
        # backend recomputes title norms over the whole index on every add.
        started = time.perf_counter()
        backend = get_search_backend()
        for chunk in batched(created, INDEX_CHUNK):
            backend.add_bulk(
                ArticlePage,
                list(ArticlePage.get_indexed_objects().filter(pk__in=chunk)),
            )
        indexing = time.perf_counter() - started

        self.stdout.write(
            f"created {len(created)} synthetic articles in {creating:.1f} s and "
            f"indexed them in {indexing:.1f} s; {len(present) + len(created)} "
            f"synthetic articles in all"
        )
