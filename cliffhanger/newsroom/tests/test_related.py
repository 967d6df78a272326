"""Read next: same show first, then shared tags, then same section; never itself."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cliffhanger.tracker.models import ArticleCoverage
from cliffhanger.tracker.tests.factories import ShowFactory

from ..related import article_related
from .factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(home):
    return (
        SectionPageFactory(parent=home, slug="tv"),
        SectionPageFactory(parent=home, slug="film"),
    )


def tagged(article, *names):
    article.tags.add(*names)
    article.save()
    return article


def covers(article, show):
    ArticleCoverage.objects.create(article=article, show=show)


def related_titles(article):
    return [
        a.title for a in article_related(article=article, tags=list(article.tags.all()))
    ]


def test_order_is_show_then_tags_then_section(sections, settings):
    settings.NEWSROOM_RELATED_COUNT = 5
    tv, film = sections
    show = ShowFactory()
    article = tagged(ArticlePageFactory(parent=tv, title="Subject"), "Netflix", "Drama")
    covers(article, show)
    same_show = ArticlePageFactory(parent=film, title="Same show")
    covers(same_show, show)
    two_tags = tagged(
        ArticlePageFactory(parent=film, title="Two tags"), "Netflix", "Drama"
    )
    one_tag = tagged(ArticlePageFactory(parent=film, title="One tag"), "Drama")
    sibling = ArticlePageFactory(parent=tv, title="Sibling")
    ArticlePageFactory(parent=film, title="Unrelated")

    assert related_titles(article) == [
        same_show.title,
        two_tags.title,
        one_tag.title,
        sibling.title,
    ]


def test_never_itself_nor_a_draft_nor_twice(sections, settings):
    settings.NEWSROOM_RELATED_COUNT = 10
    tv, _ = sections
    show = ShowFactory()
    article = tagged(ArticlePageFactory(parent=tv, title="Subject"), "Netflix")
    covers(article, show)
    twice = tagged(
        ArticlePageFactory(parent=tv, title="Show, tag and section"), "Netflix"
    )
    covers(twice, show)
    draft = ArticlePageFactory(parent=tv, title="Draft", live=False)
    covers(draft, show)

    assert related_titles(article) == [twice.title]


def test_never_a_private_article_or_one_under_a_private_section(sections, settings):
    from wagtail.models import PageViewRestriction

    settings.NEWSROOM_RELATED_COUNT = 10
    tv, film = sections
    show = ShowFactory()
    article = tagged(ArticlePageFactory(parent=tv, title="Subject"), "Netflix")
    covers(article, show)
    private = tagged(ArticlePageFactory(parent=tv, title="Private"), "Netflix")
    covers(private, show)
    under_private = tagged(ArticlePageFactory(parent=film, title="In film"), "Netflix")
    covers(under_private, show)
    public = ArticlePageFactory(parent=tv, title="Public sibling")
    for page in (private, film):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="pw"
        )

    assert related_titles(article) == [public.title]


def test_the_count_is_capped(sections, settings):
    settings.NEWSROOM_RELATED_COUNT = 3
    tv, _ = sections
    article = ArticlePageFactory(parent=tv)
    for _ in range(6):
        ArticlePageFactory(parent=tv)

    assert len(related_titles(article)) == 3


def test_queries_do_not_grow_with_related_articles(sections, settings):
    settings.NEWSROOM_RELATED_COUNT = 8
    tv, film = sections
    show = ShowFactory()
    article = tagged(ArticlePageFactory(parent=tv), "Netflix", "Drama", "Legal")
    covers(article, show)
    tags = list(article.tags.all())

    def queries():
        with CaptureQueriesContext(connection) as captured:
            article_related(article=article, tags=tags)
        return len(captured)

    covers(ArticlePageFactory(parent=film), show)
    few = queries()
    for _ in range(3):
        covers(ArticlePageFactory(parent=film), show)
        tagged(ArticlePageFactory(parent=film), "Drama", "Legal")
        ArticlePageFactory(parent=tv)

    assert queries() <= few
    assert len(article_related(article=article, tags=tags)) == 8


def test_article_page_shows_read_next(client, sections):
    tv, _ = sections
    article = ArticlePageFactory(parent=tv, slug="subject")
    sibling = ArticlePageFactory(parent=tv, title="The sibling story")

    html = client.get("/tv/subject/").content.decode()

    read_next = html[html.index('<section class="related"') :]
    read_next = read_next[: read_next.index("</section>")]
    assert f'href="{sibling.url}"' in read_next
    assert f'href="{article.url}"' not in read_next


def test_a_previews_draft_tags_never_decide_the_published_read_next(
    sections, settings, rf
):
    settings.FRAGMENT_CACHE_SECONDS = 300
    tv, film = sections
    article = tagged(ArticlePageFactory(parent=tv, slug="story"), "Netflix")
    tagged(ArticlePageFactory(parent=film, title="Same tag"), "Netflix")
    tagged(ArticlePageFactory(parent=film, title="Draft tag only"), "Apple")
    preview = rf.get("/")
    preview.is_preview = True
    article.tags.set(["Apple"])  # the editor's unsaved change, as a preview shows it

    # Read as the template reads them: while that page renders.
    previewed = list(article.get_context(preview)["related_articles"])
    article.tags.set(["Netflix"])
    published = list(article.get_context(rf.get("/"))["related_articles"])

    assert [a.title for a in previewed][:1] == ["Draft tag only"]
    assert [a.title for a in published][:1] == ["Same tag"]


def test_a_new_pages_preview_gets_read_next_too(sections):
    from cliffhanger.newsroom.models import ArticlePage

    from ..related import related_ids

    tv, _ = sections
    sibling = ArticlePageFactory(parent=tv, title="Sibling")
    unsaved = ArticlePage(title="Not saved yet")  # as a new page's preview has it
    unsaved.path, unsaved.depth = (
        sibling.path[: -Page.steplen] + "Z" * Page.steplen,
        sibling.depth,
    )

    assert related_ids(article=unsaved, tags=[]) == [sibling.pk]
