import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from cliffhanger.core import views
from cliffhanger.core.privacy import client_hash


@pytest.fixture
def fresh_migration_check(monkeypatch):
    """Each test checks migrations again instead of trusting an earlier pass."""
    monkeypatch.setattr(views, "_migrations_applied", False)


class TestHealthz:
    def test_reports_each_part_ok(self, db, client, fresh_migration_check):
        response = client.get("/healthz")

        assert response.status_code == 200
        assert response.json() == {
            "status": "ok",
            "database": "ok",
            "cache": "ok",
            "migrations": "ok",
        }
        assert "no-cache" in response["Cache-Control"]

    def test_unreachable_database_is_a_503_without_its_details(
        self, db, client, monkeypatch, fresh_migration_check
    ):
        def refuse():
            raise OperationalError("could not connect to server at 10.0.0.5")

        # Undone before the test database is torn down, which needs the cursor.
        with monkeypatch.context() as patch:
            patch.setattr(connections[DEFAULT_DB_ALIAS], "cursor", refuse)
            response = client.get("/healthz")

        assert response.status_code == 503
        assert response.json() == {
            "status": "error",
            "database": "unreachable",
            "cache": "ok",
            "migrations": "not checked",
        }
        assert "10.0.0.5" not in response.text

    def test_unreachable_cache_degrades_without_leaving_rotation(
        self, db, client, settings, fresh_migration_check
    ):
        # Nothing listens on port 1: the connection is refused at once.
        unreachable = {
            "BACKEND": "cliffhanger.core.redis_cache.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
        settings.CACHES = {"default": unreachable, "versions": unreachable}

        response = client.get("/healthz")

        assert response.status_code == 200
        assert response.json() == {
            "status": "degraded",
            "database": "ok",
            "cache": "unreachable",
            "migrations": "ok",
        }

    def test_cache_that_keeps_nothing_is_reported(
        self, db, client, settings, fresh_migration_check
    ):
        dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        settings.CACHES = {"default": dummy, "versions": dummy}

        response = client.get("/healthz")

        assert response.status_code == 200
        assert response.json()["status"] == "degraded"
        assert response.json()["cache"] == "did not return what was stored"

    def test_unapplied_migration_is_a_503(self, db, client, fresh_migration_check):
        # The app's newest migration, as if the code were newer than the database.
        connection = connections[DEFAULT_DB_ALIAS]
        [(app, name)] = MigrationLoader(connection).graph.leaf_nodes("discussion")
        MigrationRecorder(connection).record_unapplied(app, name)

        response = client.get("/healthz")

        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "error"
        assert body["migrations"] == "1 unapplied"

    def test_applied_migrations_are_not_loaded_again(
        self, db, client, monkeypatch, fresh_migration_check
    ):
        assert client.get("/healthz").status_code == 200

        def must_not_run(*args, **kwargs):
            raise AssertionError("the migration graph was loaded again")

        monkeypatch.setattr(views, "MigrationExecutor", must_not_run)

        assert client.get("/healthz").json()["migrations"] == "ok"


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.text


def test_unknown_page_gets_the_friendly_404(db, client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "We couldn't find that page" in response.text


def test_server_error_page_renders_without_context(rf):
    from cliffhanger.core.views import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_client_hash_is_salted_and_stable(settings):
    first = client_hash("203.0.113.5", "Firefox")

    assert first == client_hash("203.0.113.5", "Firefox")
    assert "203.0.113.5" not in first
    settings.IP_HASH_SALT = "another-salt"
    assert client_hash("203.0.113.5", "Firefox") != first
