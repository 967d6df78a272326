"""Confirmation links that act once: the token answers one request."""

from datetime import timedelta

from django.core import signing
from django.utils import timezone

from cliffhanger.core.confirm_links import confirm_token_is_spent, confirm_token_make

SALT = "tests.confirm"


def read(token: str) -> dict:
    return signing.loads(token, salt=SALT)


def test_a_token_answers_the_request_it_was_made_for():
    asked_at = timezone.now()
    data = read(confirm_token_make({"x": 1}, salt=SALT, asked_at=asked_at))

    assert data["x"] == 1
    assert not confirm_token_is_spent(data, asked_at=asked_at)


def test_a_token_is_spent_once_used_or_replaced():
    asked_at = timezone.now()
    data = read(confirm_token_make({"x": 1}, salt=SALT, asked_at=asked_at))

    assert confirm_token_is_spent(data, asked_at=None)  # used: the time was cleared
    assert confirm_token_is_spent(data, asked_at=asked_at + timedelta(hours=1))


def test_a_token_made_with_no_open_request_never_acts():
    data = read(confirm_token_make({"x": 1}, salt=SALT, asked_at=None))

    assert confirm_token_is_spent(data, asked_at=timezone.now())
