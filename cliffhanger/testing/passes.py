"""
The suite runs twice, on SQLite and on PostgreSQL + Redis, side by side. A
test that touches neither database nor cache need not pay for its time twice,
nor one whose subject is the markup of pages (valid HTML, accessibility,
layout at a phone's width): the templates are the same on both, and the
tests of each page's content and journeys render every one on each database.
"""

import os

import pytest

# The PostgreSQL + Redis pass (scripts/run-tests) sets DATABASE_URL.
_SECOND_PASS = bool(os.environ.get("DATABASE_URL"))

# Marks a test that reads no database and no cache: the SQLite pass runs it.
sqlite_pass_only = pytest.mark.skipif(
    _SECOND_PASS,
    reason="touches no database: the SQLite pass runs it",
)

# Marks a test of markup alone (the Nu checker, axe-core, overflow at 390 px).
markup_checked_once = pytest.mark.skipif(
    _SECOND_PASS,
    reason="checks markup, the same on both databases: the SQLite pass runs it",
)
