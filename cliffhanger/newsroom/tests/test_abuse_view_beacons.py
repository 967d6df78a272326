"""
Trust and abuse: one reader cannot inflate view counts. The attack: send the
page-view beacon again and again from one address, with a fresh User-Agent
each time (the reader key was address + User-Agent, so each one was a new
reader). The reader is the network address alone, as for votes and reports:
twenty User-Agents on one address are one view, an IPv6 /64 is one reader,
and the per-minute cap counts the address whatever the User-Agent.
"""

import pytest
from django.core.cache import cache
from django.test import Client

from cliffhanger.newsroom.models import ArticleDailyViews
from cliffhanger.newsroom.view_counter import view_buffer_flush

from .factories import ArticlePageFactory, SectionPageFactory

AGENTS = [
    f"Mozilla/5.0 (Probe {n}) Gecko/20100101 Firefox/{100 + n}" for n in range(20)
]


@pytest.fixture(autouse=True)
def empty_buffer(db, settings):
    settings.NEWSROOM_VIEW_FLUSH_SECONDS = 0  # tests flush by hand
    cache.clear()
    view_buffer_flush()
    yield
    view_buffer_flush()


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, slug="entertainment")


def beacon(article, *, address: str, agent: str):
    """What navigator.sendBeacon sends (no CSRF token), through the proxy."""
    reader = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=agent)
    response = reader.post(
        f"/views/{article.pk}/",
        HTTP_X_FORWARDED_FOR=address,
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 204
    return response


def views(article) -> int:
    view_buffer_flush()
    row = ArticleDailyViews.objects.filter(article=article).first()
    return row.views if row else 0


def test_twenty_user_agents_on_one_address_are_one_view(section):
    article = ArticlePageFactory(parent=section)

    for agent in AGENTS:
        beacon(article, address="198.51.100.9", agent=agent)

    assert views(article) == 1


def test_one_ipv6_64_is_one_reader_and_another_counts(section):
    article = ArticlePageFactory(parent=section)

    for n, agent in enumerate(AGENTS):
        beacon(article, address=f"2001:db8:1:2::{n + 1:x}", agent=agent)
    beacon(article, address="2001:db8:1:3::1", agent=AGENTS[0])

    assert views(article) == 2


def test_other_addresses_still_count(section):
    article = ArticlePageFactory(parent=section)

    for n, agent in enumerate(AGENTS[:5]):
        beacon(article, address=f"203.0.113.{n + 1}", agent=agent)

    assert views(article) == 5


def test_twenty_user_agents_share_one_address_limit(section, settings):
    settings.NEWSROOM_VIEW_BEACONS_PER_MINUTE = 5
    articles = [ArticlePageFactory(parent=section) for _ in AGENTS]

    for article, agent in zip(articles, AGENTS, strict=True):
        beacon(article, address="198.51.100.9", agent=agent)
    beacon(articles[-1], address="203.0.113.50", agent=AGENTS[0])

    assert [views(article) for article in articles] == [1] * 5 + [0] * 14 + [1]


def test_one_ipv6_64_shares_one_limit(section, settings):
    settings.NEWSROOM_VIEW_BEACONS_PER_MINUTE = 5
    articles = [ArticlePageFactory(parent=section) for _ in AGENTS]

    for n, (article, agent) in enumerate(zip(articles, AGENTS, strict=True)):
        beacon(article, address=f"2001:db8:1:2::{n + 1:x}", agent=agent)

    assert sum(views(article) for article in articles) == 5
