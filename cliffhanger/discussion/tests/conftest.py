import pytest

from cliffhanger.newsroom.tests.factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="Entertainment", slug="entertainment")


@pytest.fixture
def article(section):
    return ArticlePageFactory(
        parent=section, title="Partner Track news", slug="partner-track"
    )


@pytest.fixture
def other_article(section):
    return ArticlePageFactory(parent=section, slug="another-story")
