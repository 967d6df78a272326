"""Ids too long for the database are 404s, never an overflow deep in a query."""

import pytest

BIG = "9" * 25


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", f"/comments/{BIG}/vote/"),
        ("get", f"/comments/{BIG}/"),
        ("post", f"/comments/post/{BIG}/"),
        ("post", f"/polls/{BIG}/vote/"),
        ("post", f"/polls/season/{BIG}/rate/"),
        ("get", f"/comments/{BIG}/edit/"),
        ("post", f"/comments/{BIG}/report/"),
        ("get", f"/comments/feed/article/{BIG}/"),
        ("post", f"/views/{BIG}/"),
        ("post", "/views/0/"),
    ],
)
def test_ids_too_long_for_the_database_are_404(client, db, method, url):
    assert getattr(client, method)(url).status_code == 404
