"""
Addresses that change only with the script prefix, worked out once per
process and prefix: reverse() and static() cost tens of microseconds a call,
and every page drawn from kept parts asks for a handful of the same ones.
"""

from functools import lru_cache

from django.templatetags.static import static
from django.urls import get_script_prefix, reverse


def reverse_once(name: str, *args) -> str:
    """reverse(name, args=args), remembered for this script prefix."""
    return _reversed(get_script_prefix(), name, args)


def static_once(path: str) -> str:
    """static(path), remembered for this script prefix."""
    return _static(get_script_prefix(), path)


@lru_cache(maxsize=256)
def _reversed(script_prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


@lru_cache(maxsize=256)
def _static(script_prefix: str, path: str) -> str:
    return static(path)
