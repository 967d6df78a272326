"""Templates' `csrf_token` for pages a first-time reader may share (see shared_csrf.py)."""

from .shared_csrf import token_deferred


def deferred_csrf_token(request):
    """An empty token, so `{% csrf_token %}` writes nothing and no cookie is set.

    Runs after Django's built-in csrf processor and overrides it; a view that
    passes its own `csrf_token` still wins.
    """
    if token_deferred(request):
        return {"csrf_token": ""}
    return {}
