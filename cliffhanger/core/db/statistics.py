"""
SQLite's query planner statistics (sqlite_stat1), refreshed with ANALYZE.

Without them SQLite chooses an index by its shape alone, and on the demo it
chose badly: a comment thread's page walked every comment of four statuses
(0.39 ms) where the thread's roots' index takes 16 us. PostgreSQL's
autovacuum keeps its own statistics; SQLite has nothing that does, so the
demo's loader refreshes them once its data is in, and the scheduler once a
day (and at once on a database that has none). Open connections use the
first statistics at once (a new table changes the schema) and a refresh
when they reconnect (CONN_MAX_AGE). While the cache is down, its stand-in
lets the daily guard pass every half minute: ANALYZE with its limit takes
milliseconds, so that is left.
"""

from django.core.cache import cache
from django.db import connections, transaction

# Rows ANALYZE reads per index at most: approximate figures on a large
# database, in milliseconds rather than a scan of every table.
ANALYSIS_LIMIT = 1000
REFRESH_EVERY_SECONDS = 24 * 3600
_REFRESHED_KEY = "core:planner-statistics-refreshed"


def planner_statistics_refresh(using: str = "default") -> bool:
    """ANALYZE an SQLite database; False (nothing done) on any other."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return True


def planner_statistics_missing(using: str = "default") -> bool:
    """Whether an SQLite database has never been analyzed."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
        )
        return cursor.fetchone() is None


def planner_statistics_job() -> None:
    """The scheduler's round: once a day, or now if the database has none."""
    if connections["default"].vendor != "sqlite":
        return
    due = cache.add(_REFRESHED_KEY, 1, REFRESH_EVERY_SECONDS)
    if due or planner_statistics_missing():
        planner_statistics_refresh()
