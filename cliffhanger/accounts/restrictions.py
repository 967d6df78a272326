"""
What may stop a reader's profile page from being public, said by the apps
above (the discussion: a ban). accounts cannot see them, so each registers a
check from its AppConfig.ready():

    restrictions.register(profile_block_reason)   # (user_id) -> str | None

A check answers why the profile must stay hidden, or None. A hidden profile
cannot be made public, and a public one is not shown, while any check says so;
when it stops (a ban lifted or expired), nothing needs undoing.
"""

from collections.abc import Callable

_checks: list[Callable[[int], str | None]] = []


def register(check: Callable[[int], str | None]) -> None:
    if check not in _checks:
        _checks.append(check)


def profile_block_reason(*, user_id: int) -> str | None:
    """Why the account's profile must stay hidden now, or None."""
    for check in _checks:
        reason = check(user_id)
        if reason:
            return reason
    return None
