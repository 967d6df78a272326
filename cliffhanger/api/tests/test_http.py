"""How the API answers as HTTP: fixed queries, validators, CORS, JSON errors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cliffhanger.discussion.tests.factories import make_comment
from cliffhanger.newsroom.tests.factories import ArticlePageFactory
from cliffhanger.tracker.models import ArticleCoverage
from cliffhanger.tracker.tests.factories import SeasonFactory, ShowFactory


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/?page_size={n}",
        "/api/v1/shows/?page_size={n}",
        "/api/v1/seasons/?page_size={n}",
        "/api/v1/statements/?page_size={n}",
        "/api/v1/polls/?page_size={n}",
        "/api/v1/articles/{article}/comments/?page_size={n}",
    ],
)
def test_a_page_of_eight_costs_the_queries_of_a_page_of_one(
    client, path, section, netflix, make_poll
):
    from cliffhanger.tracker.tests.factories import StatementFactory

    articles = [ArticlePageFactory(parent=section) for _ in range(8)]
    for number in range(8):
        show = ShowFactory(
            title=f"Show {number}", slug=f"show-{number}", network=netflix
        )
        SeasonFactory(show=show)
        StatementFactory(show=show)
        ArticleCoverage.objects.create(article=articles[number], show=show)
        articles[number].tags.add(f"tag-{number}", "shared")
        articles[number].save()
        make_poll(question=f"Question {number}?", show=show)
        make_comment(articles[0], body=f"Comment {number}")
    first = articles[0].pk
    # The site and restrictions, once; another page size, so neither measured
    # answer is one already kept in the cache.
    client.get(path.format(n=2, article=first))
    one = queries_for(client, path.format(n=1, article=first))
    eight = queries_for(client, path.format(n=8, article=first))
    assert eight == one


def test_etag_and_304(client, article):
    response = client.get("/api/v1/articles/")
    etag = response["ETag"]
    assert etag and "public" in response["Cache-Control"]
    again = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    make_comment(article, body="A change in the count.")
    changed = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200


def test_any_origin_may_read_without_credentials(client, article):
    response = client.get("/api/v1/articles/", HTTP_ORIGIN="https://fansite.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/articles/",
        HTTP_ORIGIN="https://fansite.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 200
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]


def test_an_address_without_its_slash_is_redirected_to_it(client, db):
    response = client.get("/api/v1/articles")
    assert response.status_code == 301 and response["Location"] == "/api/v1/articles/"


def test_writes_are_refused_with_json(client, article):
    response = client.post("/api/v1/articles/", {"title": "Mine now"})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/articles/999999/", 404, "not_found"),
        ("/api/v1/shows/no-such-show/", 404, "not_found"),
        ("/api/v1/no-such-resource/", 404, "not_found"),
        ("/api/v1/seasons/?status=bogus", 400, "invalid"),
        ("/api/v1/articles/?changed_since=yesterday", 400, "invalid"),
        ("/api/v1/articles/?cursor=not-a-cursor", 404, "not_found"),
        ("/api/v1/articles/abc/", 404, "not_found"),
        ("/api/v1/articles/" + "9" * 25 + "/", 404, "not_found"),
        ("/api/v1/articles/" + "9" * 25 + "/comments/", 404, "not_found"),
        ("/api/v1/polls/?article=" + "9" * 25, 400, "invalid"),
        ("/api/v1/statements/?season=1.5", 400, "invalid"),
        ("/api/v1/articles/?cursor=cD1ub3QtYS1kYXRl", 404, "not_found"),  # p=not-a-date
        ("/api/v1/seasons/?cursor=cD1hYmM=", 404, "not_found"),  # p=abc
        ("/api/v1/seasons/?stauts=renewed", 400, "invalid"),
        ("/api/v1/articles/1/?page_size=5", 400, "invalid"),
        ("/api/v1/shows/?page_size=0", 400, "invalid"),
        ("/api/v1/shows/?page_size=101", 400, "invalid"),
        ("/api/v1/shows/?page_size=ten", 400, "invalid"),
    ],
)
def test_bad_requests_get_a_json_error(client, db, path, status, code):
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code


def test_kept_answers_change_as_soon_as_the_data_does(client, season_one, article):
    from datetime import date

    from cliffhanger.tracker.models import SeasonStatus
    from cliffhanger.tracker.services import season_status_record

    path = f"/api/v1/seasons/{season_one.pk}/"
    assert client.get(path).json()["status"] is None
    season_status_record(
        season=season_one, status=SeasonStatus.RENEWED, effective_date=date(2023, 1, 5)
    )
    assert client.get(path).json()["status"] == "renewed"

    detail = f"/api/v1/articles/{article.pk}/"
    assert client.get(detail).json()["comment_count"] == 0
    make_comment(article, body="Counted at once.")
    assert client.get(detail).json()["comment_count"] == 1
    comments = client.get(f"{detail}comments/").json()["results"]
    assert [c["body_html"] for c in comments] == ["<p>Counted at once.</p>\n"]
