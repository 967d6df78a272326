"""Extras other apps add to the board's rows (board_extras_register)."""

from datetime import date

import pytest
from django.apps import apps

from cliffhanger.predictions.selectors import board_rows_add_forecasts
from cliffhanger.tracker import selectors
from cliffhanger.tracker.selectors import board_extras_register, show_board

from .factories import SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_extras(monkeypatch):
    """An empty registry for this test; the apps' extras come back afterwards."""
    monkeypatch.setattr(selectors, "_board_extras", [])


@pytest.fixture
def board(record):
    renewed = SeasonFactory(show=ShowFactory(title="Renewed"))
    waiting = SeasonFactory(show=ShowFactory(title="Waiting"))
    record(renewed, "renewed", date(2025, 2, 1))
    record(waiting, "awaiting", date(2025, 3, 1))


def add_title(rows) -> None:
    for row in rows:
        row.extras["title"] = row.show.title.upper()


def add_count(rows) -> None:
    for row in rows:
        row.extras["count"] = len(rows)


def test_each_extra_decorates_the_filtered_rows_once(no_extras, board):
    board_extras_register(add_title)
    board_extras_register(add_count)
    board_extras_register(add_title)

    rows = show_board(status="awaiting")

    assert [row.extras for row in rows] == [{"title": "WAITING", "count": 1}]


def test_without_extras_the_rows_have_none(no_extras, board):
    assert [row.extras for row in show_board()] == [{}, {}]


def test_predictions_adds_the_forecasts_once_however_often_ready_runs():
    apps.get_app_config("predictions").ready()

    assert selectors._board_extras == [board_rows_add_forecasts]
