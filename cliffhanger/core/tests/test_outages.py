"""
The database away: a short 503 with Retry-After (JSON for scripts), one log
line a minute, never a 500. The failure is raised where the driver would
raise it (every query), as a refused connection does.
"""

import logging

import pytest
from django.db import DatabaseError, OperationalError, connection, transaction
from django.test import Client

from cliffhanger.core import outages


def refuse(execute, sql, params, many, context):
    raise OperationalError('connection to server at "db" failed: Connection refused')


@pytest.fixture(autouse=True)
def log_again():
    outages._logged_at[0] = float("-inf")


@pytest.mark.django_db
def test_a_reader_gets_a_503_page_with_retry_after(article, caplog):
    reader, url = Client(raise_request_exception=False), article.url
    with caplog.at_level(logging.ERROR), connection.execute_wrapper(refuse):
        responses = [reader.get(url) for _ in range(3)]

    assert [r.status_code for r in responses] == [503, 503, 503]
    assert responses[0]["Retry-After"] == "10"
    assert responses[0]["Cache-Control"] == "no-store"
    assert b"Back in a moment" in responses[0].content
    assert b'<a class="site-logo" href="/">Cliffhanger</a>' in responses[0].content
    outage_lines = [r for r in caplog.records if "Database unavailable" in r.message]
    assert len(outage_lines) == 1  # once a minute, not once a request
    assert not [r for r in caplog.records if "Internal Server Error" in r.message]


@pytest.mark.django_db
def test_a_script_gets_a_json_503(article):
    reader = Client(raise_request_exception=False, HTTP_ACCEPT="application/json")
    with connection.execute_wrapper(refuse):
        response = reader.post(
            f"/comments/post/{article.pk}/", {"body": "Hi", "author_name": "Kay"}
        )

    assert response.status_code == 503
    assert "unavailable" in response.json()["error"]


@pytest.mark.django_db
def test_healthz_names_the_database(client):
    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_other_errors_stay_500(article, monkeypatch):
    from cliffhanger.newsroom.models import ArticlePage

    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(ArticlePage, "get_context", broken)
    response = Client(raise_request_exception=False).get(article.url)

    assert response.status_code == 500


@pytest.mark.django_db
def test_the_api_gets_its_own_error_shape(client):
    reader = Client(raise_request_exception=False)
    with connection.execute_wrapper(refuse):
        response = reader.get("/api/v1/shows/")

    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"


@pytest.mark.django_db
def test_a_query_that_fails_is_not_an_outage():
    """A missing table (an unapplied migration) or a deadlock keeps its 500."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
    except DatabaseError as error:  # OperationalError on SQLite
        missing_table = error
    assert not outages.is_database_outage(missing_table)

    psycopg = pytest.importorskip("psycopg")
    for sqlstate, outage in (
        ("40P01", False),
        ("57014", False),
        ("57P01", True),
        ("08006", True),
    ):
        wrapped = OperationalError("from the server")
        wrapped.__cause__ = psycopg.errors.lookup(sqlstate)()
        assert outages.is_database_outage(wrapped) is outage, sqlstate
