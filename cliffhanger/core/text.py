"""Small text helpers shared by every app."""

from django.utils.text import slugify


def anchor_slug(text: str, *, fallback: str = "section") -> str:
    """A stable, URL-safe fragment id for a heading."""
    return slugify(text)[:80].strip("-") or fallback
