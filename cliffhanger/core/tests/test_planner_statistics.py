"""SQLite's query planner statistics: gathered on demand, and by the scheduler daily."""

import pytest
from django.core.cache import cache
from django.db import connection

from cliffhanger.core.db import statistics
from cliffhanger.core.db.statistics import (
    planner_statistics_job,
    planner_statistics_missing,
    planner_statistics_refresh,
)

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's autovacuum analyzes"
)


@pytest.fixture
def refreshes(monkeypatch):
    """Each refresh the job asks for, recorded and then carried out."""
    asked = []

    def refresh(using="default"):
        asked.append(using)
        return planner_statistics_refresh(using)

    monkeypatch.setattr(statistics, "planner_statistics_refresh", refresh)
    cache.delete(statistics._REFRESHED_KEY)
    yield asked
    cache.delete(statistics._REFRESHED_KEY)


@sqlite_only
@pytest.mark.django_db
def test_a_refresh_gathers_statistics_for_the_tables_indexes():
    """Tables with rows, that is: the pages' tree has its root."""
    assert planner_statistics_missing()

    assert planner_statistics_refresh() is True

    assert not planner_statistics_missing()
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analyzed = {row[0] for row in cursor.fetchall()}
    assert "wagtailcore_page" in analyzed


@sqlite_only
@pytest.mark.django_db
class TestJob:
    def test_the_first_round_of_the_day_refreshes_then_the_next_ones_do_not(
        self, refreshes
    ):
        planner_statistics_job()
        planner_statistics_job()

        assert refreshes == ["default"]
        assert not planner_statistics_missing()

    def test_a_database_without_statistics_gets_them_whatever_the_day(self, refreshes):
        cache.add(statistics._REFRESHED_KEY, 1, 60)  # refreshed today, elsewhere
        planner_statistics_job()

        assert refreshes == ["default"]
        planner_statistics_job()
        assert refreshes == ["default"]


@pytest.mark.skipif(connection.vendor == "sqlite", reason="for the other databases")
@pytest.mark.django_db
def test_other_databases_are_left_to_their_own_analyzer(refreshes):
    planner_statistics_job()

    assert refreshes == []
    assert planner_statistics_refresh() is False
    assert planner_statistics_missing() is False
