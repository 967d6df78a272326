"""
With the fragment cache on, a show page's polls, rating and forecast come
from kept copies for readers without a token of their own: no query for a
first-time reader, and every vote or rating shows at once, to its reader as
results and to everyone in the counts.
"""

from datetime import date

from django.test import Client

SHOW = "/shows/partner-track/"
FORECAST = "Reader forecast: <strong>100%</strong> expect a renewal (1 vote)"


def test_a_first_time_reader_gets_the_polls_without_a_query(
    fragments, prediction, season_one, record, django_assert_max_num_queries
):
    record(season_one, "awaiting", date(2022, 9, 26))
    Client().get(SHOW)

    with django_assert_max_num_queries(0):
        html = Client().get(SHOW).text

    assert "Will Partner Track get a Season 2?" in html
    assert 'name="option"' in html  # the form: they have not voted
    assert "Rate season 1" in html


def test_votes_and_ratings_show_at_once(fragments, prediction, season_one, record):
    record(season_one, "awaiting", date(2022, 9, 26))
    voter, other = Client(), Client()
    assert 'name="option"' in voter.get(SHOW).text
    assert "No ratings yet." in other.get(SHOW).text

    yes = prediction.options.first()
    voter.post(f"/polls/{prediction.pk}/vote/", {"option": yes.pk})
    voter.post(f"/polls/season/{season_one.pk}/rate/", {"stars": "4", "next": SHOW})

    mine, theirs = voter.get(SHOW).text, Client().get(SHOW).text
    assert 'name="option"' not in mine  # results for the reader who voted
    assert 'name="option"' in theirs  # a first-time reader still gets the form
    assert FORECAST in mine and FORECAST in theirs
    assert "<strong>4.0</strong> out of 5 from 1 rating" in theirs
