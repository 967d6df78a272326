"""
The suite runs twice, on SQLite and on PostgreSQL + Redis, side by side. A
test that touches neither database nor cache need not pay for its time twice.
"""

import os

import pytest

# Marks a test that reads no database and no cache: the SQLite pass runs it.
sqlite_pass_only = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="touches no database: the SQLite pass runs it",
)
