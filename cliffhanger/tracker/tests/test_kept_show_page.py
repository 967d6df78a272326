"""
With the fragment cache on, a show page's own parts (header, history, cast,
statements, coverage, structured data) are kept: only the reader's slots and
form are made per request, and a change in the tracker shows at once.
"""

from datetime import date

import pytest
from django.test import Client

from cliffhanger.tracker.models import ArticleCoverage, SeasonStatus

from .factories import PersonFactory, StatementFactory


@pytest.fixture
def empty_slots(template_slots):
    template_slots.clear()  # the predictions app's polls and ratings ask the database


def test_a_kept_show_page_asks_nothing_of_the_database(
    fragments, empty_slots, season_one, record, article, django_assert_max_num_queries
):
    record(season_one, SeasonStatus.RENEWED, date(2026, 1, 5))
    ArticleCoverage.objects.create(article=article, show=season_one.show)
    Client().get("/shows/partner-track/")

    with django_assert_max_num_queries(0):
        response = Client().get("/shows/partner-track/")

    assert response.status_code == 200
    assert (
        "Renewed" in response.text and "Everything about Partner Track" in response.text
    )
    assert '"@type": "TVSeries"' in response.text
    assert "csrfmiddlewaretoken" not in response.text  # the form is a shared page's


def test_a_status_statement_or_coverage_shows_at_once(
    fragments, season_one, record, article
):
    record(season_one, SeasonStatus.RENEWED, date(2026, 1, 5))
    assert "Renewed" in Client().get("/shows/partner-track/").text

    record(season_one, SeasonStatus.CANCELLED, date(2026, 3, 1))
    StatementFactory(
        show=season_one.show,
        person=PersonFactory(name="Showrunner Sam"),
        quote="It was a good run.",
    )
    ArticleCoverage.objects.create(article=article, show=season_one.show)

    html = Client().get("/shows/partner-track/").text
    assert "Cancelled" in html
    assert "Showrunner Sam" in html and "Everything about Partner Track" in html


def test_an_unknown_show_is_a_404_each_time(fragments, db):
    assert Client().get("/shows/nothing-here/").status_code == 404
    assert Client().get("/shows/nothing-here/").status_code == 404


def test_the_kept_board_asks_nothing_and_changes_at_once(
    fragments, season_one, record, django_assert_max_num_queries
):
    record(season_one, SeasonStatus.AWAITING, date(2026, 1, 5))
    Client().get("/shows/?status=awaiting")

    with django_assert_max_num_queries(0):
        html = Client().get("/shows/?status=awaiting").text
    assert "Partner Track" in html

    record(season_one, SeasonStatus.RENEWED, date(2026, 2, 1))
    assert (
        "No shows match these filters." in Client().get("/shows/?status=awaiting").text
    )
    assert "Partner Track" in Client().get("/shows/?status=renewed").text
