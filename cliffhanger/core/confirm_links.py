"""
Confirmation links that act once (double opt-in mails: following a show,
reply notifications).

The link names the request it answers: when its confirmation mail was asked
for. The row keeps that time until the link is used, and using it clears the
time, so the same link cannot act again, not even after an unsubscribe.

    token = confirm_token_make({"f": follow.pk}, salt=SALT, asked_at=row.sent_at)
    data = signing.loads(token, salt=SALT, max_age=...)  # the caller maps errors
    if confirm_token_is_spent(data, asked_at=row.sent_at):  # row locked
        raise ...                                          # "used already"
    row.sent_at = None                                     # spend it, then save
"""

from django.core import signing

STAMP = "s"


def _stamp(asked_at) -> int:
    # Whole seconds: the format links already in mailboxes carry.
    return int(asked_at.timestamp())


def confirm_token_make(data: dict, *, salt: str, asked_at) -> str:
    """A signed token for `data` that answers the request made at `asked_at`."""
    if asked_at is not None:
        data = {**data, STAMP: _stamp(asked_at)}
    return signing.dumps(data, salt=salt)


def confirm_token_is_spent(data: dict, *, asked_at) -> bool:
    """
    Whether a token's (already verified) data no longer answers an open
    request: it was used (the request time was cleared), or a newer request
    replaced it. Call it with the row locked, and clear `asked_at` on use.
    """
    return asked_at is None or data.get(STAMP) != _stamp(asked_at)
