import pytest

from cliffhanger.newsroom.tests.factories import ArticlePageFactory
from cliffhanger.predictions.tests.conftest import make_poll  # noqa: F401
from cliffhanger.tracker.tests.conftest import (  # noqa: F401
    article,
    netflix,
    partner_track,
    record,
    season_one,
    section,
)


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_EDGE_SECONDS = 60


@pytest.fixture
def other_article(section):  # noqa: F811
    return ArticlePageFactory(parent=section, slug="other-story", title="Another story")
