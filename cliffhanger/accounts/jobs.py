"""Jobs the scheduler runs every round (registered in apps.py)."""

from django.core.cache import cache

from .services import accounts_unconfirmed_prune

PRUNE_EVERY_SECONDS = 3600


def unconfirmed_accounts_prune() -> None:
    """Once an hour: drop accounts made for a code that was never entered."""
    if cache.add("accounts:unconfirmed-pruned", 1, PRUNE_EVERY_SECONDS):
        accounts_unconfirmed_prune()
