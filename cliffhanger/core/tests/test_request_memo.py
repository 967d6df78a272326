"""Per-request values are computed once inside a request and never leak out of it."""

from django.test import RequestFactory

from cliffhanger.core.request_memo import (
    RequestMemoMiddleware,
    per_request,
    request_path,
)


def test_inside_a_request_a_value_is_computed_once():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    def view(request):
        return [per_request("n", compute), per_request("n", compute)]

    request = RequestFactory().get("/")
    assert RequestMemoMiddleware(view)(request) == [1, 1]
    assert RequestMemoMiddleware(view)(request) == [2, 2]  # the next request: afresh
    assert per_request("n", compute) == 3  # outside a request: every time
    assert per_request("n", compute) == 4


def test_the_path_being_answered_is_known_inside_a_request_only():
    def view(request):
        return request_path()

    assert RequestMemoMiddleware(view)(RequestFactory().get("/shows/?x=1")) == "/shows/"
    assert request_path() is None
