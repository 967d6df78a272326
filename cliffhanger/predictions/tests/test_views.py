"""Voting over HTTP, polls in articles and on show pages, admin and CSV."""

from datetime import date

import pytest

from cliffhanger.predictions.models import PollVote

JSON = {"HTTP_ACCEPT": "application/json"}


def test_vote_without_javascript_then_results_not_form(client, make_poll, article):
    poll = make_poll(article=article)
    z = poll.options.get(label="Z")
    assert "data-poll-form" in client.get(article.url).text

    response = client.post(
        f"/polls/{poll.pk}/vote/", {"option": z.pk, "next": article.url}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#poll-{poll.pk}"
    html = client.get(article.url).text
    assert "data-poll-form" not in html
    assert "100% <span" in html and "thanks for voting" in html


def test_vote_with_javascript_returns_the_chart(client, make_poll, article):
    poll = make_poll(article=article)

    response = client.post(
        f"/polls/{poll.pk}/vote/", {"option": poll.options.first().pk}, **JSON
    )

    data = response.json()
    assert (
        response.status_code == 200 and data["counted"] is True and data["total"] == 1
    )
    assert 'class="bars"' in data["html"]


@pytest.mark.parametrize("option", ["", "abc", "999999"])
def test_bad_votes_are_a_clear_400(client, make_poll, option):
    poll = make_poll()

    page = client.post(f"/polls/{poll.pk}/vote/", {"option": option})
    api = client.post(f"/polls/{poll.pk}/vote/", {"option": option}, **JSON)

    assert page.status_code == 400 and "Choose one of this poll" in page.text
    assert api.status_code == 400 and api.json() == {
        "error": "Choose one of this poll's options."
    }
    assert PollVote.objects.count() == 0


def test_option_of_another_poll_is_400(client, make_poll):
    poll, other = make_poll(), make_poll(question="Other?")

    response = client.post(
        f"/polls/{poll.pk}/vote/", {"option": other.options.first().pk}, **JSON
    )

    assert response.status_code == 400
    assert PollVote.objects.count() == 0


def test_unknown_poll_is_404(client, db):
    assert client.post("/polls/424242/vote/", {"option": "1"}).status_code == 404


def test_next_cannot_send_the_reader_elsewhere(client, make_poll):
    poll = make_poll()

    response = client.post(
        f"/polls/{poll.pk}/vote/",
        {"option": poll.options.first().pk, "next": "https://evil.example/"},
    )

    assert response["Location"] == f"/#poll-{poll.pk}"


def test_tampered_reader_cookie_gets_no_second_vote(client, make_poll):
    poll = make_poll()
    first, second = poll.options.all()[:2]
    client.post(f"/polls/{poll.pk}/vote/", {"option": first.pk})
    client.cookies["cliff_reader"] = "forged-value"

    response = client.post(f"/polls/{poll.pk}/vote/", {"option": second.pk}, **JSON)

    assert response.json()["counted"] is False
    assert PollVote.objects.count() == 1


def test_poll_placed_in_the_body_is_not_repeated_at_the_end(client, make_poll, section):
    from cliffhanger.newsroom.tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=section, slug="poll-inside")
    poll = make_poll(article=article)
    article.body = [{"type": "poll", "value": poll.pk}]
    article.save()

    assert client.get(article.url).text.count(f'id="poll-{poll.pk}"') == 1


def test_resolved_poll_shows_the_verdict_in_the_article(
    client, prediction, season_one, record, django_capture_on_commit_callbacks
):
    yes, no = prediction.options.all()
    client.post(f"/polls/{prediction.pk}/vote/", {"option": no.pk})
    with django_capture_on_commit_callbacks(execute=True):
        record(season_one, "cancelled", date(2022, 11, 8))
    client.cookies.clear()

    html = client.get(prediction.article.url).text

    assert "Readers called it: 100% predicted a cancellation." in html
    assert "data-poll-form" not in html


def test_show_page_has_polls_ratings_and_the_board_a_forecast(
    client, prediction, season_one, record
):
    record(season_one, "awaiting", date(2022, 9, 26))
    yes = prediction.options.first()
    client.post(f"/polls/{prediction.pk}/vote/", {"option": yes.pk})
    client.post(
        f"/polls/season/{season_one.pk}/rate/",
        {"stars": "4", "next": "/shows/partner-track/"},
    )

    show_page = client.get("/shows/partner-track/").text
    board = client.get("/shows/").text

    assert "Will Partner Track get a Season 2?" in show_page
    assert (
        "Reader forecast: <strong>100%</strong> expect a renewal (1 vote)" in show_page
    )
    assert "<strong>4.0</strong> out of 5 from 1 rating" in show_page
    assert "100% expect a renewal" in board


@pytest.mark.parametrize("stars", ["0", "6", "five"])
def test_bad_rating_is_a_clear_400(client, season_one, stars):
    response = client.post(f"/polls/season/{season_one.pk}/rate/", {"stars": stars})

    assert response.status_code == 400
    assert "Rate the season from 1 to 5 stars." in response.text


def test_editor_sees_results_and_exports_votes_without_hashes(
    client, editor, make_poll
):
    poll = make_poll()
    client.post(f"/polls/{poll.pk}/vote/", {"option": poll.options.get(label="Z").pk})
    client.force_login(editor)

    listing = client.get("/admin/snippets/predictions/poll/")
    export = client.get(f"/admin/polls/{poll.pk}/votes.csv")
    body = b"".join(export.streaming_content).decode()

    assert (
        listing.status_code == 200
        and "1 votes: Nick 0%, Murphy 0%, Z 100%" in listing.text
    )
    assert body.splitlines()[0] == "option,voted_at"
    assert body.splitlines()[1].startswith("Z,")
    vote = PollVote.objects.get()
    assert vote.reader_key not in body and vote.address_key not in body


def test_writers_cannot_export(client, writer, make_poll):
    poll = make_poll()
    client.force_login(writer)

    assert client.get(f"/admin/polls/{poll.pk}/votes.csv").status_code in (302, 403)
