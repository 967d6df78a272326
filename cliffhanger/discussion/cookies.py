"""
The reader's cookies, all signed so they cannot be forged:

- `cliff_own`: ids of comments this browser wrote, for the edit window.
- `cliff_reader` (cliffhanger.core.readers): who votes, for every kind of vote.
- `cliff_commenter`: name, email and website, only when the reader asks to be
  remembered (as WordPress does).
"""

import json

from django.conf import settings
from django.core import signing

OWNED_COOKIE = "cliff_own"
PENDING_COOKIE = "cliff_pending"
PENDING_DAYS = 7
COMMENTER_COOKIE = "cliff_commenter"
OWNED_LIMIT = 20
YEAR = 365 * 24 * 60 * 60


def _get_signed(request, name: str, *, max_age: int | None = None):
    try:
        return request.get_signed_cookie(
            name, salt=f"discussion.{name}", max_age=max_age
        )
    except (KeyError, signing.BadSignature, ValueError):
        return None


def _set_signed(
    response, name: str, value: str, *, max_age: int, httponly: bool = True
):
    response.set_signed_cookie(
        name,
        value,
        salt=f"discussion.{name}",
        max_age=max_age,
        httponly=httponly,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def owned_comment_ids(request) -> set[int]:
    raw = _get_signed(
        request, OWNED_COOKIE, max_age=settings.DISCUSSION_EDIT_MINUTES * 60
    )
    if not raw:
        return set()
    try:
        return {int(part) for part in raw.split(",") if part}
    except ValueError:
        return set()


def remember_owned_comment(request, response, comment_id: int) -> None:
    ids = [comment_id, *sorted(owned_comment_ids(request), reverse=True)][:OWNED_LIMIT]
    _set_signed(
        response,
        OWNED_COOKIE,
        ",".join(str(i) for i in ids),
        max_age=settings.DISCUSSION_EDIT_MINUTES * 60,
    )


def remembered_commenter(request) -> dict:
    raw = _get_signed(request, COMMENTER_COOKIE)
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    keys = ("author_name", "author_email", "author_url")
    return (
        {key: str(data.get(key, ""))[:300] for key in keys}
        if isinstance(data, dict)
        else {}
    )


def remember_commenter(response, cleaned: dict) -> None:
    data = {
        key: cleaned.get(key, "")
        for key in ("author_name", "author_email", "author_url")
    }
    _set_signed(response, COMMENTER_COOKIE, json.dumps(data), max_age=YEAR)


def forget_commenter(response) -> None:
    response.delete_cookie(COMMENTER_COOKIE, samesite="Lax")


def pending_comment_ids(request) -> set[int]:
    raw = _get_signed(request, PENDING_COOKIE, max_age=PENDING_DAYS * 24 * 3600)
    try:
        return {int(part) for part in (raw or "").split(",") if part}
    except ValueError:
        return set()


def remember_pending_comment(request, response, comment_id: int) -> None:
    """Let the author see their held comment ("awaiting moderation") for a week."""
    ids = [comment_id, *sorted(pending_comment_ids(request), reverse=True)][
        :OWNED_LIMIT
    ]
    _set_signed(
        response,
        PENDING_COOKIE,
        ",".join(str(i) for i in ids),
        max_age=PENDING_DAYS * 24 * 3600,
    )
