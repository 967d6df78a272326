import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from cliffhanger.core import replicas
from cliffhanger.core.replicas import (
    STICKY_COOKIE,
    PrimaryReplicaRouter,
    ReplicaMiddleware,
)


@pytest.fixture
def with_replica(settings, monkeypatch):
    # The router is only consulted here, never used for queries, so no real
    # second database is needed (tests/integration/test_read_replica.py has one).
    monkeypatch.setattr(replicas, "replica_configured", lambda: True)
    settings.DATABASE_REPLICA_STICKY_SECONDS = 10


def run(request):
    """Send a request through the middleware; what the router chose for reads, and the response."""
    seen = {}

    def view(request):
        seen["read_from"] = PrimaryReplicaRouter().db_for_read(None)
        return HttpResponse("ok")

    response = ReplicaMiddleware(view)(request)
    return seen["read_from"], response


def test_writes_and_migrations_stay_on_the_primary():
    router = PrimaryReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("default", "newsroom") is True
    assert router.allow_migrate("replica", "newsroom") is False


def test_outside_requests_reads_use_the_primary():
    assert PrimaryReplicaRouter().db_for_read(None) == "default"


def test_a_get_reads_the_replica(with_replica):
    read_from, response = run(RequestFactory().get("/"))

    assert read_from == "replica"
    assert STICKY_COOKIE not in response.cookies
    assert PrimaryReplicaRouter().db_for_read(None) == "default"  # reset afterwards


def test_a_post_reads_the_primary_and_keeps_the_reader_there(with_replica):
    read_from, response = run(RequestFactory().post("/comments/post/1/"))

    assert read_from == "default"
    cookie = response.cookies[STICKY_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]
    assert time.time() < float(cookie.value) <= time.time() + 11  # whole seconds

    follow_up = RequestFactory().get("/")
    follow_up.COOKIES[STICKY_COOKIE] = cookie.value
    assert run(follow_up)[0] == "default"


@pytest.mark.parametrize("value", ["0", "not-a-number", f"{time.time() - 5:.0f}"])
def test_an_expired_or_garbled_cookie_reads_the_replica(with_replica, value):
    request = RequestFactory().get("/")
    request.COOKIES[STICKY_COOKIE] = value
    assert run(request)[0] == "replica"


def test_without_a_replica_nothing_changes(settings):
    assert "replica" not in settings.DATABASES
    read_from, response = run(RequestFactory().post("/"))
    assert read_from == "default"
    assert STICKY_COOKIE not in response.cookies
    assert replicas.replica_configured() is False
