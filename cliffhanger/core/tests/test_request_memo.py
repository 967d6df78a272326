"""Per-request values are computed once inside a request and never leak out of it."""

from cliffhanger.core.request_memo import RequestMemoMiddleware, per_request


def test_inside_a_request_a_value_is_computed_once():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    def view(request):
        return [per_request("n", compute), per_request("n", compute)]

    assert RequestMemoMiddleware(view)(None) == [1, 1]
    assert RequestMemoMiddleware(view)(None) == [2, 2]  # the next request: afresh
    assert per_request("n", compute) == 3  # outside a request: every time
    assert per_request("n", compute) == 4
