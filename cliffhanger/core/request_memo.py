"""
Values worth computing once per request, not once per use: the view
restrictions every `public()` listing on a page reads, for instance. Outside a
request (commands, tasks) nothing is kept and every call computes afresh.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)
_PATH = "request_memo:path"


def per_request(name: str, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if name not in memo:
        memo[name] = compute()
    return memo[name]


def per_request_existing(name: str):
    """What this request has kept under `name`, or None (nothing is computed)."""
    memo = _memo.get()
    return None if memo is None else memo.get(name)


def request_path() -> str | None:
    """The path of the request being answered (None outside a request)."""
    return per_request_existing(_PATH)


class RequestMemoMiddleware:
    """Gives each request (each thread's context) a fresh memo, dropped afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({_PATH: request.path})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
