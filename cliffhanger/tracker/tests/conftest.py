from datetime import UTC, date

import pytest

from cliffhanger.newsroom.tests.factories import ArticlePageFactory, SectionPageFactory
from cliffhanger.tracker.services import season_status_record

from .factories import NetworkFactory, SeasonFactory, ShowFactory


@pytest.fixture
def netflix(db):
    return NetworkFactory(name="Netflix", slug="netflix")


@pytest.fixture
def partner_track(netflix):
    return ShowFactory(title="Partner Track", slug="partner-track", network=netflix)


@pytest.fixture
def season_one(partner_track):
    return SeasonFactory(show=partner_track, number=1, episode_count=10)


@pytest.fixture
def record():
    def record(season, status, day: date, **extra):
        return season_status_record(
            season=season, status=status, effective_date=day, **extra
        )

    return record


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="Entertainment", slug="entertainment")


@pytest.fixture
def article(section):
    from datetime import datetime

    return ArticlePageFactory(
        parent=section,
        slug="partner-track-season-2",
        title="Everything about Partner Track season 2",
        first_published_at=datetime(2022, 9, 20, 9, tzinfo=UTC),
    )
