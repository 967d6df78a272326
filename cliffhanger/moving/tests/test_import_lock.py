"""One import at a time: a second one is refused at once and writes nothing."""

import fcntl
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from cliffhanger.moving.import_lock import ADVISORY_KEY, ANOTHER_IMPORT, _lock_path
from cliffhanger.newsroom.models import ArticlePage


def run(*args):
    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def another_import(db):
    """Holds the import lock as a second importing process would."""
    if connection.vendor == "postgresql":
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
        yield
        other.close()  # a session's end frees its advisory locks
    else:
        with open(_lock_path(), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            yield
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.mark.parametrize(
    ("command", "fixture"),
    [("import_wordpress", "wordpress.xml"), ("import_disqus", "disqus.xml")],
)
def test_a_second_import_is_refused_and_writes_nothing(
    another_import, home, fixture_path, command, fixture
):
    with pytest.raises(CommandError, match=ANOTHER_IMPORT):
        run(command, str(fixture_path(fixture)))

    assert ArticlePage.objects.count() == 0


def test_an_import_that_stops_frees_the_lock(db, home, fixture_path):
    with pytest.raises(CommandError, match="No such file"):
        run("import_wordpress", "/nowhere.xml")

    run("import_wordpress", str(fixture_path("wordpress.xml")))

    assert ArticlePage.objects.count() == 5


def test_a_lock_that_cannot_be_made_is_a_clear_error(
    db, home, fixture_path, tmp_path, monkeypatch
):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL's lock needs no file")
    monkeypatch.setattr(
        "cliffhanger.moving.import_lock._lock_path", lambda: tmp_path / "no" / "lock"
    )

    with pytest.raises(CommandError, match="Cannot create the import lock"):
        run("import_wordpress", str(fixture_path("wordpress.xml")))

    assert ArticlePage.objects.count() == 0
