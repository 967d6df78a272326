"""Our SQLite backend rewrites each statement's placeholders once per process
(core/db/sqlite/base.py), on a database file of its own: the test settings'
in-memory database runs Django's backend."""

import pytest
from django.db import connections
from django.db.backends.sqlite3 import base as django_sqlite

from cliffhanger.core.bounded_memo import BoundedMemo
from cliffhanger.core.db.sqlite import base

ALIAS = "statements_test"


@pytest.fixture
def database(tmp_path, django_db_blocker):
    configured = connections.configure_settings(
        {
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
            ALIAS: {"ENGINE": "cliffhanger.core.db.sqlite", "NAME": tmp_path / "s.db"},
        }
    )
    connections.settings[ALIAS] = configured[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE note (body TEXT, stars INTEGER)")
            cursor.execute(
                "INSERT INTO note VALUES (%s, %s), (%s, %s), (%s, %s)",
                ["100% true", 5, "half", 3, "100 percent", 4],
            )
        yield connections[ALIAS]
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


class CountingPattern:
    def __init__(self, pattern):
        self.pattern, self.scans = pattern, 0

    def sub(self, *args):
        self.scans += 1
        return self.pattern.sub(*args)


def rows(connection, sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_a_statement_is_rewritten_once_and_answers_as_djangos(database, monkeypatch):
    counting = CountingPattern(django_sqlite.FORMAT_QMARK_REGEX)
    monkeypatch.setattr(django_sqlite, "FORMAT_QMARK_REGEX", counting)
    monkeypatch.setattr(base, "_CONVERTED", BoundedMemo(1024))
    sql = "SELECT body FROM note WHERE body LIKE '100%%' AND stars >= %s ORDER BY body"
    assert rows(database, sql, [5]) == [("100% true",)]
    assert rows(database, sql, [4]) == [("100 percent",), ("100% true",)]
    assert counting.scans == 1
    named = "SELECT body FROM note WHERE stars = %(stars)s"
    assert rows(database, named, {"stars": 3}) == [("half",)]
    assert counting.scans == 1


def test_the_rewritten_statements_are_bounded(database, monkeypatch):
    monkeypatch.setattr(base, "_CONVERTED", BoundedMemo(3))
    for stars in range(1, 6):
        sql = "SELECT count(*) FROM note WHERE stars >= %s" + " AND 1" * stars
        assert rows(database, sql, [stars])
        assert len(base._CONVERTED) <= 3
