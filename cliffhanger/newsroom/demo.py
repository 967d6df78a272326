"""
The newsroom's part of the demo site: sections, authors, the seed article and
the other demo articles. Idempotent: whatever already exists (matched by slug)
is left alone, so running it twice changes nothing.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model

from cliffhanger.core.demo_images import demo_image_ensure

from .demo_articles import ARTICLES, AUTHORS, SECTIONS
from .demo_seed import SEED_ARTICLE
from .models import (
    ArticleAuthor,
    ArticleDailyViews,
    ArticlePage,
    ArticleUpdate,
    Author,
    AuthorLink,
    HomePage,
    SectionPage,
)
from .services import article_views_add

SEED_AUTHOR = {
    "slug": "ayman-bhorania",
    "name": "Ayman Bhorania",
    "bio": "Ayman writes about movies and shows, and has opinions about finales.",
    "links": [],
}


def _utc(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _portrait(spec: dict):
    return demo_image_ensure(
        title=f"Portrait: {spec['name']}", seed=spec["slug"], width=512, height=512
    )


def _lead_image(spec: dict):
    return demo_image_ensure(
        title=f"Lead image: {spec['title']}", seed=spec["slug"], width=1600, height=900
    )


def _author_ensure(spec: dict) -> Author:
    author = Author.objects.filter(slug=spec["slug"]).first()
    if author is not None:
        if author.avatar_id is None:
            author.avatar = _portrait(spec)
            author.save()
        return author
    author = Author(
        slug=spec["slug"],
        name=spec["name"],
        bio=spec.get("bio", ""),
        avatar=_portrait(spec),
    )
    author.full_clean()
    author.save()
    for order, (label, url) in enumerate(spec.get("links", [])):
        AuthorLink.objects.create(author=author, label=label, url=url, sort_order=order)
    return author


def _section_ensure(*, slug: str, title: str, intro: str, parent) -> SectionPage:
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    section = SectionPage(title=title, slug=slug, intro=intro, show_in_menus=True)
    parent.add_child(instance=section)
    section.save_revision().publish()
    return section


def _stream(body: list) -> list:
    return [{"type": kind, "value": value} for kind, value in body]


def _article_ensure(spec: dict, *, sections: dict, authors: dict) -> ArticlePage:
    section = sections[spec["section"]]
    existing = section.get_children().filter(slug=spec["slug"]).first()
    if existing is not None:
        _views_seed(article=existing, total=spec.get("views", 0))
        _lead_image_ensure(existing.specific, spec)
        return existing.specific
    published = _utc(spec["published"])
    image = _lead_image(spec)
    article = ArticlePage(
        title=spec["title"],
        slug=spec["slug"],
        dek=spec.get("dek", ""),
        body=_stream(spec["body"]),
        first_published_at=published,
        featured_image=image,
        featured_image_alt=image.description,
    )
    for order, author_slug in enumerate(spec["authors"]):
        article.article_authors.add(
            ArticleAuthor(author=authors[author_slug], sort_order=order)
        )
    for updated_at, note in spec.get("updates", []):
        article.updates.add(ArticleUpdate(updated_at=_utc(updated_at), note=note))
    article.tags.add(*spec.get("tags", []))
    section.add_child(instance=article)
    article.save_revision().publish()
    _backdate(article, spec)
    _views_seed(article=article, total=spec.get("views", 0))
    return article


def _backdate(article: ArticlePage, spec: dict) -> None:
    """Date the page as if it had been published (and updated) on its own days."""
    published = _utc(spec["published"])
    last = max([published] + [_utc(u) for u, _ in spec.get("updates", [])])
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=published,
        last_published_at=last,
        latest_revision_created_at=last,
    )


def _lead_image_ensure(article: ArticlePage, spec: dict) -> None:
    """A demo made before articles had pictures gets one, in a published revision."""
    if article.featured_image_id is not None:
        return
    image = _lead_image(spec)
    article.featured_image = image
    article.featured_image_alt = image.description
    article.save_revision().publish()
    _backdate(article, spec)


def _views_seed(*, article, total: int) -> None:
    """
    Spread the article's demo reads over the last week, for Most Popular;
    again on a later run once the week has passed, so the list never empties.
    """
    today = timezone.localdate()
    window_start = today - timedelta(days=settings.NEWSROOM_MOST_POPULAR_DAYS - 1)
    seeded = ArticleDailyViews.objects.filter(
        article_id=article.pk, day__gte=window_start
    )
    if total <= 0 or seeded.exists():
        return
    shares = [0.3, 0.2, 0.15, 0.12, 0.1, 0.08, 0.05]
    article_views_add(
        counts={
            (article.pk, today - timedelta(days=offset)): max(1, int(total * share))
            for offset, share in enumerate(shares)
        }
    )


@transaction.atomic
def load() -> dict:
    """Create the newsroom's demo content; returns what it created, by kind."""
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No home page: run `manage.py migrate` first.")
    if not home.intro:
        home.intro = (
            "TV and entertainment news that stays true after the network decides."
        )
        home.save_revision().publish()
    before = {
        "images": get_image_model().objects.count(),
        "sections": SectionPage.objects.count(),
        "authors": Author.objects.count(),
        "articles": ArticlePage.objects.count(),
    }
    authors = {spec["slug"]: _author_ensure(spec) for spec in [SEED_AUTHOR, *AUTHORS]}
    sections = {}
    for slug, title, intro, parent_slug in SECTIONS:
        parent = sections[parent_slug] if parent_slug else home
        sections[slug] = _section_ensure(
            slug=slug, title=title, intro=intro, parent=parent
        )
    for spec in [SEED_ARTICLE, *ARTICLES]:
        _article_ensure(spec, sections=sections, authors=authors)
    return {
        "images": get_image_model().objects.count() - before["images"],
        "sections": SectionPage.objects.count() - before["sections"],
        "authors": Author.objects.count() - before["authors"],
        "articles": ArticlePage.objects.count() - before["articles"],
    }
