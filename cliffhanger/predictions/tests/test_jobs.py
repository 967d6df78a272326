"""
poll_turns_invalidate(), the scheduler's job: a poll that closes (or opens) by
the clock changes nothing saved, yet its kept copies must stop showing the form
the server would refuse (or start showing it) within a round, with no request.
"""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from cliffhanger.caching.dependencies import tag_versions
from cliffhanger.core.scheduler_jobs import job_name, jobs_registered
from cliffhanger.newsroom.tests.factories import ArticlePageFactory
from cliffhanger.predictions.jobs import ROUNDS_KEY, longest_kept, poll_turns_invalidate
from cliffhanger.testing.clock import clock_set

SHOW = "/shows/partner-track/"
FORM = "data-poll-form"
CLOSED = "this poll is closed"


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() is clock.now from here on: clock.move(minutes=2) moves it."""
    return clock_set(monkeypatch, timezone.now())


@pytest.fixture
def closing_poll(make_poll, partner_track, clock):
    return make_poll(show=partner_track, closes_at=clock.now + timedelta(minutes=1))


def first_time_reader_sees(path: str) -> str:
    return Client().get(path).text


def test_the_scheduler_runs_the_job():
    assert job_name(poll_turns_invalidate) in dict(jobs_registered())


class TestAKeptPollCloses:
    def test_the_next_render_after_the_job_shows_it_closed(
        self, fragments, closing_poll, clock
    ):
        # given: a round before the close, and a copy kept with the form
        poll_turns_invalidate()
        assert FORM in first_time_reader_sees(SHOW)

        # when: the close passes, nothing saved; the kept copy still has the form
        clock.move(minutes=2)
        assert FORM in first_time_reader_sees(SHOW)
        poll_turns_invalidate()

        # then
        html = first_time_reader_sees(SHOW)
        assert FORM not in html and CLOSED in html

    def test_a_poll_that_closed_while_the_scheduler_was_stopped(
        self, fragments, closing_poll, clock
    ):
        poll_turns_invalidate()
        assert FORM in first_time_reader_sees(SHOW)

        # Back hours later: longer ago than any copy lives, but the last round
        # is remembered, so its copies (kept here, in real time) still go.
        clock.move(hours=3)
        assert timedelta(hours=3) > longest_kept()
        poll_turns_invalidate()

        html = first_time_reader_sees(SHOW)
        assert FORM not in html and CLOSED in html

    def test_on_a_kept_page_placed_in_another_articles_body(
        self, fragments, settings, make_poll, partner_track, section, clock
    ):
        settings.PAGE_CACHE_SECONDS = 300
        poll = make_poll(show=partner_track, closes_at=clock.now + timedelta(minutes=1))
        article = ArticlePageFactory(
            parent=section,
            slug="poll-inside",
            body=[{"type": "poll", "value": poll.pk}],
        )
        poll_turns_invalidate()
        assert FORM in first_time_reader_sees(article.url)
        assert Client().get(article.url)["X-Page-Cache"] == "hit"

        clock.move(minutes=2)
        poll_turns_invalidate()

        response = Client().get(article.url)
        assert response["X-Page-Cache"] == "miss"
        assert FORM not in response.text and CLOSED in response.text

    def test_on_its_kept_article_page(
        self, fragments, settings, make_poll, article, clock
    ):
        settings.PAGE_CACHE_SECONDS = 300
        make_poll(article=article, closes_at=clock.now + timedelta(minutes=1))
        poll_turns_invalidate()
        assert FORM in first_time_reader_sees(article.url)

        clock.move(minutes=2)
        assert FORM in first_time_reader_sees(article.url)  # the kept page
        poll_turns_invalidate()

        html = first_time_reader_sees(article.url)
        assert FORM not in html and CLOSED in html


def test_a_kept_poll_opens_once_the_job_ran(fragments, make_poll, partner_track, clock):
    poll = make_poll(show=partner_track)
    poll.opens_at = clock.now + timedelta(minutes=1)
    poll.save()
    poll_turns_invalidate()
    html = first_time_reader_sees(SHOW)
    assert FORM not in html and CLOSED not in html
    assert "voting opens" in html  # when, not "closed"

    clock.move(minutes=2)
    poll_turns_invalidate()

    html = first_time_reader_sees(SHOW)
    assert FORM in html and "voting opens" not in html


def test_a_closed_poll_is_bumped_in_two_rounds_then_left_alone(closing_poll, clock):
    tag = f"polls:show:{closing_poll.show_id}"
    poll_turns_invalidate()  # a round before the close
    before = tag_versions([tag])[tag]
    clock.move(minutes=1, seconds=10)

    bumps = []
    for _ in range(3):
        poll_turns_invalidate()
        bumps.append(tag_versions([tag])[tag] - before)
        clock.move(seconds=15)  # the scheduler's round

    # The second bump drops a copy made by a server whose clock is behind
    # the scheduler's, which still showed the poll open.
    assert bumps == [1, 2, 2]


def test_a_round_with_nothing_turned_is_one_query(
    closing_poll, clock, django_assert_num_queries
):
    poll_turns_invalidate()
    tag = f"polls:show:{closing_poll.show_id}"
    before = tag_versions([tag])

    with django_assert_num_queries(1):
        poll_turns_invalidate()

    assert tag_versions([tag]) == before


def test_without_a_last_round_it_looks_back_as_long_as_a_copy_lives(
    make_poll, partner_track, clock
):
    recent = make_poll(show=partner_track, closes_at=clock.now - longest_kept() / 2)
    old = make_poll(question="Old?", closes_at=clock.now - 2 * longest_kept())
    tags = [f"poll:{recent.pk}", f"poll:{old.pk}"]
    before = tag_versions(tags)
    assert caches["versions"].get(ROUNDS_KEY) is None

    poll_turns_invalidate()

    after = tag_versions(tags)
    assert after[tags[0]] == before[tags[0]] + 1
    assert after[tags[1]] == before[tags[1]]
