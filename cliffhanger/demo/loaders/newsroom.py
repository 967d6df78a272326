"""
The newsroom's part of the demo site: sections, authors, the seed article and
the other demo articles (data/seed.json, data/articles.json). Idempotent:
whatever already exists (matched by slug) is left alone, so running it twice
changes nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model

from cliffhanger.newsroom.models import (
    ArticleAuthor,
    ArticleDailyViews,
    ArticlePage,
    ArticleUpdate,
    Author,
    AuthorLink,
    HomePage,
    SectionPage,
)
from cliffhanger.newsroom.services import article_views_add

from ..content import demo_data, demo_time
from ..images import demo_image_ensure


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
    for order, link in enumerate(spec.get("links", [])):
        AuthorLink.objects.create(
            author=author, label=link["label"], url=link["url"], sort_order=order
        )
    return author


def _section_ensure(*, slug: str, title: str, intro: str, parent) -> SectionPage:
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    section = SectionPage(title=title, slug=slug, intro=intro, show_in_menus=True)
    parent.add_child(instance=section)
    section.save_revision().publish()
    return section


def _article_ensure(spec: dict, *, sections: dict, authors: dict) -> ArticlePage:
    section = sections[spec["section"]]
    existing = section.get_children().filter(slug=spec["slug"]).first()
    if existing is not None:
        _views_seed(article=existing, total=spec.get("views", 0))
        _lead_image_ensure(existing.specific, spec)
        return existing.specific
    published = demo_time(spec["published"])
    image = _lead_image(spec)
    article = ArticlePage(
        title=spec["title"],
        slug=spec["slug"],
        dek=spec.get("dek", ""),
        body=spec["body"],
        first_published_at=published,
        featured_image=image,
        featured_image_alt=image.description,
    )
    for order, author_slug in enumerate(spec["authors"]):
        article.article_authors.add(
            ArticleAuthor(author=authors[author_slug], sort_order=order)
        )
    for update in spec.get("updates", []):
        article.updates.add(
            ArticleUpdate(
                updated_at=demo_time(update["updated_at"]), note=update["note"]
            )
        )
    article.tags.add(*spec.get("tags", []))
    section.add_child(instance=article)
    article.save_revision().publish()
    _backdate(article, spec)
    _views_seed(article=article, total=spec.get("views", 0))
    return article


def _backdate(article: ArticlePage, spec: dict) -> None:
    """Date the page as if it had been published (and updated) on its own days."""
    published = demo_time(spec["published"])
    last = max(
        [published] + [demo_time(u["updated_at"]) for u in spec.get("updates", [])]
    )
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


def _counts() -> dict[str, int]:
    return {
        "images": get_image_model().objects.count(),
        "sections": SectionPage.objects.count(),
        "authors": Author.objects.count(),
        "articles": ArticlePage.objects.count(),
    }


@transaction.atomic
def load(*, only_the_seed: bool = False) -> dict:
    """Create the newsroom's demo content; returns what it created, by kind.
    `only_the_seed` makes the seed article alone of the articles (with every
    author and section): for a test that needs no other, in a tenth of the time."""
    seed, data = demo_data("seed"), demo_data("articles")
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No home page: run `manage.py migrate` first.")
    if not home.intro:
        home.intro = data["home_intro"]
        home.save_revision().publish()
    before = _counts()
    # The seed's author comes first: the fuller entry with the same slug in
    # articles.json finds it there and is left alone.
    authors = {
        spec["slug"]: _author_ensure(spec)
        for spec in [seed["author"], *data["authors"]]
    }
    sections = {}
    for spec in data["sections"]:  # parents listed before their children
        parent = sections[spec["parent"]] if spec["parent"] else home
        sections[spec["slug"]] = _section_ensure(
            slug=spec["slug"], title=spec["title"], intro=spec["intro"], parent=parent
        )
    for spec in [seed["article"], *([] if only_the_seed else data["articles"])]:
        _article_ensure(spec, sections=sections, authors=authors)
    return {kind: count - before[kind] for kind, count in _counts().items()}
