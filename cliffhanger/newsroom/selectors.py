"""Reads for the newsroom: listings, Most Popular and an article's page context."""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from cliffhanger.caching.fragments import remembered
from cliffhanger.core.db.prepared import (
    PreparedInstances,
    PreparedQuery,
    instance_loaded,
)
from cliffhanger.core.renditions import renditions_attach, renditions_prefetch
from cliffhanger.core.request_memo import per_request
from cliffhanger.core.text import anchor_slug

from .models import (
    ArticleAuthor,
    ArticleDailyViews,
    ArticlePage,
    ArticleUpdate,
    Author,
    AuthorLink,
    SectionPage,
)
from .restrictions import private_pages_q, private_pages_q_for, restricted_paths


def public(queryset: QuerySet) -> QuerySet:
    """`queryset.public()`, reading the view restrictions once per request, not per listing."""
    return queryset.exclude(per_request("page_private_q", private_pages_q))


def _article_listing(queryset: QuerySet) -> QuerySet:
    """What a listing card needs, in a fixed number of queries."""
    return (
        public(queryset.live())
        .defer_streamfields()
        .select_related("featured_image")
        .prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by(
                    "sort_order"
                ),
            ),
        )
        .order_by("-first_published_at", "-pk")
    )


def with_card_pictures(articles: QuerySet) -> QuerySet:
    """
    A listing drawn as cards: their pictures' renditions in one query. Only
    there: Wagtail takes prefetched renditions as all there are, so a caller
    asking for another size (a feed's enclosure) would make it again.
    """
    return articles.prefetch_related(renditions_prefetch("featured_image", "card"))


def article_list_latest() -> QuerySet:
    return _article_listing(ArticlePage.objects.all())


def article_list_in_section(*, section: SectionPage) -> QuerySet:
    """Every live article anywhere below the section, newest first."""
    return _article_listing(ArticlePage.objects.descendant_of(section))


def article_list_published_between(
    *, since, until, section: SectionPage | None = None
) -> QuerySet:
    """Live, public articles first published in [since, until), in `section`
    (anywhere below it) when given, newest first: a newsletter's headlines."""
    articles = ArticlePage.objects.filter(
        first_published_at__gte=since, first_published_at__lt=until
    )
    if section is not None:
        articles = articles.descendant_of(section)
    return _article_listing(articles)


def article_list_by_author(*, author: Author) -> QuerySet:
    return _article_listing(ArticlePage.objects.filter(article_authors__author=author))


def article_list_by_tag(*, tag: Tag) -> QuerySet:
    return _article_listing(ArticlePage.objects.filter(tagged_items__tag=tag))


def article_list_by_ids(
    *, ids: list[int], with_body: bool = False
) -> list[ArticlePage]:
    """Live articles in the order of `ids`; `with_body` for search snippets."""
    articles = _article_listing(ArticlePage.objects.filter(pk__in=ids))
    if with_body:
        articles = articles.defer(None)
    by_id = {article.pk: article for article in articles}
    return [by_id[pk] for pk in ids if pk in by_id]


def article_links_by_ids(*, ids: list[int]) -> list[Page]:
    """
    Title, address and date of each id, in order: what a "Read next" link
    shows. Plain pages, no join to the article table and no bylines: the ids
    come from a query that already kept to live, public articles.
    """
    by_id = {page.pk: page for page in _PAGE_LINKS(ids=list(ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


_PAGE_LINKS = PreparedInstances(
    Page,
    ("title", "url_path", "first_published_at"),
    lambda ids: Page.objects.filter(pk__in=ids).order_by(),
)


def author_get_by_slug(*, slug: str) -> Author | None:
    return (
        Author.objects.select_related("avatar")
        .prefetch_related("links", renditions_prefetch("avatar", "portrait"))
        .filter(slug=slug)
        .first()
    )


def tag_get_by_slug(*, slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


MOST_POPULAR_CACHE_SECONDS = 60


def most_popular_period() -> int:
    """The minute Most Popular is counted in: it names the kept sidebar, and
    a page kept with its sidebar."""
    return int(time.time() // MOST_POPULAR_CACHE_SECONDS)


def article_most_popular_cached() -> list[dict]:
    """
    Most Popular as titles and URLs, recomputed at most once a minute: it is
    a statistic on every page, so a minute's lag is worth two queries a page.
    """
    key = f"newsroom:most-popular:{timezone.localdate().isoformat()}"
    cached = cache.get(key)
    if cached is None:
        cached = [
            {"title": article.title, "url": article.url}
            for article in article_most_popular()
        ]
        cache.set(key, cached, MOST_POPULAR_CACHE_SECONDS)
    return cached


def article_most_popular(*, days: int | None = None, limit: int | None = None) -> list:
    """
    The most-read live articles of the last `days` days, most views first.
    Articles nobody read in that window are left out.
    """
    days = days or settings.NEWSROOM_MOST_POPULAR_DAYS
    limit = limit or settings.NEWSROOM_MOST_POPULAR_COUNT
    since = timezone.localdate() - timedelta(days=days - 1)
    return list(
        ArticlePage.objects.live()
        .public()
        .defer_streamfields()
        .filter(daily_views__day__gte=since)
        .annotate(recent_views=Sum("daily_views__views"))
        .order_by("-recent_views", "-first_published_at")[:limit]
    )


def section_list_for_navigation() -> list[Page]:
    """The top-level sections, in the editors' menu order."""
    return remembered(
        "navigation",
        tags=("articles",),
        compute=lambda: _NAVIGATION(restricted=tuple(restricted_paths())),
    )


_NAVIGATION = PreparedInstances(
    SectionPage,
    ("title", "url_path"),  # all a menu link shows
    lambda restricted: (
        SectionPage.objects.live()
        .exclude(private_pages_q_for(restricted))
        .in_menu()
        .filter(depth=3)
        .order_by("path")
    ),
)


def section_list_children(*, section: SectionPage) -> QuerySet:
    return public(SectionPage.objects.child_of(section).live()).order_by("path")


def page_breadcrumbs(*, page: Page) -> list[Page]:
    """
    Home › … › parent of `page` (the tree root itself is not a page readers
    see), as plain pages with what a crumb shows: their paths are the
    prefixes of the page's own, so no tree walk and no specific types.
    """
    steps = Page.steplen
    paths = [page.path[: steps * depth] for depth in range(2, page.depth)]
    return _PAGES_BY_PATH(paths=paths)


_PAGES_BY_PATH = PreparedInstances(
    Page,
    ("title", "url_path", "path", "depth"),
    lambda paths: Page.objects.filter(path__in=paths).order_by("path"),
)


# Fixed ids on the article page that a heading anchor must not take.
RESERVED_ANCHORS = {
    "main",
    "comments",
    "comments-heading",
    "respond",
    "respond-heading",
    "toc-heading",
    "update-log-heading",
    "most-popular-heading",
    "latest-heading",
}
BLOCK_SEPARATOR = "<!--cliffhanger:block-->"


@dataclass
class BodyBlock:
    """A body block with what was worked out for the whole body at once."""

    block: object
    anchor: str = ""
    expanded_html: str = ""


def article_body_blocks(*, article: ArticlePage) -> list[BodyBlock]:
    """
    The body's blocks with unique heading anchors, and all rich text expanded
    in one pass, so internal links cost one lookup for the whole article
    rather than one per paragraph.
    """
    items = [BodyBlock(block=block) for block in article.body]
    taken = set(RESERVED_ANCHORS)
    for item in items:
        if item.block.block_type == "heading":
            value = item.block.value
            base = anchor_slug(value.get("anchor") or value["text"])
            anchor, n = base, 1
            while anchor in taken:
                n += 1
                anchor = f"{base}-{n}"
            taken.add(anchor)
            item.anchor = anchor
    paragraphs = [item for item in items if item.block.block_type == "paragraph"]
    sources = [item.block.value.source for item in paragraphs]
    if sources and not any(BLOCK_SEPARATOR in source for source in sources):
        expanded = expand_db_html(BLOCK_SEPARATOR.join(sources)).split(BLOCK_SEPARATOR)
        for item, html in zip(paragraphs, expanded, strict=True):
            item.expanded_html = html
    return items


def article_table_of_contents(*, blocks: list[BodyBlock]) -> list[dict]:
    return [
        {
            "text": item.block.value["text"],
            "anchor": item.anchor,
            "level": item.block.value["level"],
        }
        for item in blocks
        if item.block.block_type == "heading"
    ]


def article_detail_context(*, article: ArticlePage, preview: bool = False) -> dict:
    """
    Everything the article template shows besides the body, in fixed queries.
    A preview's bylines, tags and updates are the draft's, held in memory by
    the page object; a published page's are read with prepared queries
    (core/db/prepared.py): every uncached article page asks.
    """
    if preview:
        authors, tags, updates = _draft_details(article)
    else:
        authors = _byline(article.pk)
        tags = _TAGS(article_id=article.pk)
        updates = _UPDATES(article_id=article.pk)
    body_blocks = article_body_blocks(article=article)
    return {
        "body_blocks": body_blocks,
        "breadcrumbs": page_breadcrumbs(page=article),
        "authors": authors,
        "tags": tags,
        "updates": updates,
        "last_updated_at": updates[0].updated_at if updates else None,
        "table_of_contents": (
            article_table_of_contents(blocks=body_blocks)
            if article.show_table_of_contents
            else []
        ),
    }


def _draft_details(article: ArticlePage) -> tuple[list, list, list]:
    authors = [
        link.author
        for link in article.article_authors.select_related("author", "author__avatar")
        .prefetch_related(
            "author__links", renditions_prefetch("author__avatar", "avatar")
        )
        .order_by("sort_order")
    ]
    return (
        authors,
        list(article.tags.order_by("name")),
        list(article.updates.order_by("-updated_at")),
    )


_AUTHOR_COLUMNS = [field.attname for field in Author._meta.concrete_fields]
_AVATAR_COLUMNS = [field.attname for field in get_image_model()._meta.concrete_fields]
# Each byline's author and avatar through the joins, in the byline's order.
_BYLINE_ROWS = PreparedQuery(
    lambda article_id: (
        ArticleAuthor.objects.filter(article_id=article_id)
        .order_by("sort_order")
        .values_list(
            *(f"author__{name}" for name in _AUTHOR_COLUMNS),
            *(f"author__avatar__{name}" for name in _AVATAR_COLUMNS),
        )
    )
)
_TAGS = PreparedInstances(
    Tag,
    None,
    lambda article_id: Tag.objects.filter(
        newsroom_articlepagetag_items__content_object_id=article_id
    ).order_by("name"),
)
_UPDATES = PreparedInstances(
    ArticleUpdate,
    None,
    lambda article_id: ArticleUpdate.objects.filter(article_id=article_id).order_by(
        "-updated_at"
    ),
)


def _byline(article_id: int) -> list[Author]:
    """The article's authors with their avatars, links and avatar renditions."""
    authors = []
    split = len(_AUTHOR_COLUMNS)
    for row in _BYLINE_ROWS(article_id=article_id):
        author = instance_loaded(
            Author, dict(zip(_AUTHOR_COLUMNS, row[:split], strict=True))
        )
        avatar = dict(zip(_AVATAR_COLUMNS, row[split:], strict=True))
        if avatar["id"] is not None:
            author.avatar = instance_loaded(get_image_model(), avatar)
        authors.append(author)
    links: dict[int, list[AuthorLink]] = {author.pk: [] for author in authors}
    for link in _AUTHOR_LINKS(author_ids=sorted(links)):
        links[link.author_id].append(link)
    for author in authors:
        # Held as its children (modelcluster), for reading only: saving such
        # an author would store this list as its links.
        author.links = links[author.pk]
    renditions_attach((author.avatar for author in authors), "avatar")
    return authors


_AUTHOR_LINKS = PreparedInstances(
    AuthorLink,
    None,
    lambda author_ids: AuthorLink.objects.filter(author_id__in=author_ids),
)


def article_get_live(*, article_id: int) -> ArticlePage | None:
    """A published, public article by id (other apps link to articles by id).

    Without its body: posting a comment or a feed of comments never shows it,
    and parsing it was a fifth of a comment post's CPU (it loads if asked for).
    Kept in the shared cache: publishing, unpublishing, moving, deleting,
    saving a live page or a view restriction changing bumps "articles"
    (newsroom/cache_rules.py), so a kept answer is never stale. The page query and
    the view restrictions' were a third of a post's CPU. "No such article" is
    not kept: any id typed into an address would take a place in the cache.
    """
    return remembered(
        "article_get_live",
        article_id,
        tags=("articles",),
        compute=lambda: _article_get_live(article_id=article_id),
        keep=lambda article: article is not None,
    )


def article_author_user_ids(*, article_id: int) -> set[int]:
    """The user accounts of the article's bylined authors (those that have one)."""
    return set(
        ArticleAuthor.objects.filter(
            article_id=article_id, author__user__isnull=False
        ).values_list("author__user_id", flat=True)
    )


def article_ids_live_public() -> QuerySet:
    """The ids of published, public articles, as a subquery for other apps' lists."""
    return public(ArticlePage.objects.live()).values("pk")


def _article_get_live(*, article_id: int) -> ArticlePage | None:
    return (
        public(ArticlePage.objects.live())
        .defer_streamfields()
        .filter(pk=article_id)
        .first()
    )


def article_views_per_day(*, since, until) -> dict:
    """
    Views of every article per day from `since` to `until` (dates, both
    included): the daily counts Most Popular sums. Days without views are
    left out.
    """
    return dict(
        ArticleDailyViews.objects.filter(day__gte=since, day__lte=until)
        .values("day")
        .annotate(total=Sum("views"))
        .order_by("day")
        .values_list("day", "total")
    )
