"""
What each app holds about a reader, for "Download my data" and "Delete my
account" on /account/. accounts knows no app above it: each app registers its
own section from its AppConfig.ready(), saying what it exports and how it
forgets the reader.

    personal_data.register(
        "follows", export=follows_export, erase=follows_erase
    )

`export(holder)` returns JSON-ready data; `erase(holder, keep_comments=...)`
deletes or anonymises the app's rows for the holder and returns any further
strings (names the reader went by) that must not survive in logs either.
Either may be left out.
Erasers run in `order` (lowest first), all in one transaction.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

EXPORT_FORMAT = "cliffhanger-personal-data/1"


@dataclass(frozen=True)
class Holder:
    """The reader whose data is asked for, and every key it is stored under."""

    user: Any
    # Every address on the account, lowercased: follows and subscriptions
    # made before signing in are stored under the address alone.
    emails: tuple[str, ...]
    # This browser's anonymous reader id (core.readers): votes are kept per
    # browser, never per account. None when the browser has none.
    reader_key: str | None = None


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[Holder], Any] | None = None
    erase: Callable[..., Iterable[str] | None] | None = None
    order: int = 0


_sections: dict[str, Section] = {}


def register(
    name: str,
    *,
    export: Callable[[Holder], Any] | None = None,
    erase: Callable[..., Iterable[str] | None] | None = None,
    order: int = 0,
) -> None:
    """Add an app's section (registering a name again replaces it)."""
    _sections[name] = Section(name=name, export=export, erase=erase, order=order)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def personal_data_export(*, holder: Holder, now=None) -> dict:
    """Everything the site holds about the holder, one key per section."""
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": (now or timezone.now()).isoformat(),
    }
    for section in sorted(_sections.values(), key=lambda section: section.name):
        if section.export is not None:
            data[section.name] = section.export(holder)
    return data


@dataclass
class Erasure:
    """What the erasers did: the strings later steps must also scrub."""

    names: set[str] = field(default_factory=set)


def personal_data_erase(*, holder: Holder, keep_comments: bool) -> Erasure:
    """Run every section's eraser (call inside a transaction)."""
    erasure = Erasure()
    for section in sections():
        if section.erase is None:
            continue
        names = section.erase(holder, keep_comments=keep_comments)
        erasure.names.update(name for name in names or () if name)
    return erasure
