"""
An imported post as an article page: created under its section, or updated
in place when imported before, through Wagtail's revisions so the admin
shows it like any other article (history, drafts, scheduling).

    page, renamed = article_create(section=section, spec=spec)
    page, renamed = article_update(page=page, section=section, spec=spec)

A live article is published and then dated as it was on the old site (first
published, last changed); a scheduled one waits for its date (Wagtail's
scheduler publishes it); a draft stays a draft, and one that was live is
unpublished. A password-protected post keeps its password (Wagtail's view
restriction). The caller holds the transaction.
"""

from dataclasses import dataclass, field
from datetime import datetime

from wagtail.models import PageViewRestriction

from cliffhanger.discussion.services import discussion_settings_set
from cliffhanger.newsroom.models import ArticleAuthor, ArticlePage, Author, SectionPage

TITLE_MAX = ArticlePage._meta.get_field("title").max_length
SLUG_MAX = ArticlePage._meta.get_field("slug").max_length
DEK_MAX = ArticlePage._meta.get_field("dek").max_length
ALT_MAX = ArticlePage._meta.get_field("featured_image_alt").max_length
TAG_MAX = 100  # taggit's Tag.name


class ArticleState:
    LIVE = "live"
    SCHEDULED = "scheduled"
    DRAFT = "draft"


@dataclass
class ArticleSpec:
    """An article as the import wants it, whatever system it came from."""

    title: str
    slug: str
    body: list[dict]
    state: str
    published_at: datetime | None
    modified_at: datetime | None = None
    dek: str = ""
    tags: list[str] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    featured_image_alt: str = ""
    password: str = ""
    comments_closed: bool = False


def slug_free(*, section: SectionPage, slug: str, page=None) -> str:
    """`slug`, or slug-2, slug-3… when a sibling already has it."""
    slug = slug[:SLUG_MAX]
    candidate, suffix = slug, 1
    siblings = section.get_children()
    if page is not None:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(slug__startswith=slug).values_list("slug", flat=True))
    while candidate in taken:
        suffix += 1
        ending = f"-{suffix}"
        candidate = slug[: SLUG_MAX - len(ending)] + ending
    return candidate


def _fill(page: ArticlePage, spec: ArticleSpec) -> None:
    page.title = spec.title[:TITLE_MAX]
    page.draft_title = page.title
    page.dek = spec.dek[:DEK_MAX]
    page.body = spec.body
    page.featured_image_alt = spec.featured_image_alt[:ALT_MAX]
    page.tags.set([tag[:TAG_MAX] for tag in spec.tags])
    page.article_authors.set(
        [
            ArticleAuthor(author=author, sort_order=order)
            for order, author in enumerate(spec.authors)
        ]
    )
    if spec.state == ArticleState.SCHEDULED:
        page.go_live_at = spec.published_at
    elif page.go_live_at is not None:
        page.go_live_at = None


def _publish_state_apply(page: ArticlePage, spec: ArticleSpec) -> None:
    revision = page.save_revision(changed=True)
    if spec.state == ArticleState.DRAFT:
        if page.live:
            page.unpublish(log_action=False)
        return
    revision.publish(log_action=False)
    if spec.state == ArticleState.LIVE and spec.published_at is not None:
        # Dated as on the old site, not as of the import.
        changed = max(spec.published_at, spec.modified_at or spec.published_at)
        ArticlePage.objects.filter(pk=page.pk).update(
            first_published_at=spec.published_at,
            last_published_at=changed,
            latest_revision_created_at=changed,
        )
        page.first_published_at = spec.published_at
        page.last_published_at = page.latest_revision_created_at = changed


def _password_apply(page: ArticlePage, password: str) -> None:
    restrictions = PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.PASSWORD
    )
    if not password:
        restrictions.delete()
        return
    restriction = restrictions.first()
    if restriction is None:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=password
        )
    elif restriction.password != password:
        restriction.password = password
        restriction.save(update_fields=["password"])


def article_create(
    *, section: SectionPage, spec: ArticleSpec
) -> tuple[ArticlePage, bool]:
    """A new article under `section`; True when its slug had to change."""
    slug = slug_free(section=section, slug=spec.slug)
    page = ArticlePage(slug=slug, live=False)
    _fill(page, spec)
    if spec.state == ArticleState.LIVE:
        page.first_published_at = spec.published_at
    section.add_child(instance=page)
    _publish_state_apply(page, spec)
    _password_apply(page, spec.password)
    if spec.comments_closed:
        discussion_settings_set(article=page, closed=True)
    return page, slug != spec.slug[:SLUG_MAX]


def article_update(
    *, page: ArticlePage, section: SectionPage, spec: ArticleSpec
) -> tuple[ArticlePage, bool]:
    """The article as `spec` now says, moved to `section` if it changed; True when its slug had to change."""
    if page.get_parent().pk != section.pk:
        page.slug = slug_free(section=section, slug=spec.slug, page=page)
        page.save(update_fields=["slug", "url_path"], clean=False)
        page.move(section, pos="last-child")
        page = ArticlePage.objects.get(pk=page.pk)
    slug = slug_free(section=section, slug=spec.slug, page=page)
    page.slug = slug
    _fill(page, spec)
    if spec.state == ArticleState.LIVE and page.first_published_at is None:
        page.first_published_at = spec.published_at
    _publish_state_apply(page, spec)
    _password_apply(page, spec.password)
    discussion_settings_set(article=page, closed=spec.comments_closed)
    return page, slug != spec.slug[:SLUG_MAX]
