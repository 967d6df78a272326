"""
Django's `date` filter, faster for the formats our templates write, and a
builtin (settings.TEMPLATES) so `{{ value|date:"j M Y" }}` uses it everywhere.

Django's filter looks the format up among its settings, builds a DateFormat
per value, splits the format with a regex and calls a method per letter, and
month names are lazy translations: 29-39 us a date inside a template, 22 of
them on an article page. Here a format is read once into its pieces, and an
aware datetime in a zone of fixed offset (UTC, the site's zone) or a date is
written from its fields. Anything else (a naive datetime, which Django reads
in the default zone; another zone, which has ambiguous hours; a letter not
below; a format that is not text or is a format setting's name; translations
on; a value that is not a date) goes to Django's filter, which stays the
definition: core/tests/test_date_filter.py holds the two to the same answers.
"""

import functools
from datetime import date, datetime

from django import template
from django.conf import settings
from django.template.defaultfilters import date as django_date
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.formats import FORMAT_SETTINGS
from django.utils.regex_helper import _lazy_re_compile
from django.utils.safestring import SafeString

register = template.Library()

# A format given as text: a literal in a template is a str, a marked one SafeString.
_PLAIN_STR = (str, SafeString)

# Django's own reading of a format (django.utils.dateformat).
_SPECIFIERS = _lazy_re_compile(r"(?<!\\)([aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ])")
_ESCAPED = _lazy_re_compile(r"\\(.)")


@functools.cache
def _month_names() -> tuple[list[str], list[str]]:
    """Short ("Jan") and full ("January") names, as Django's M and F write
    them with translations off."""
    return (
        ["", *(str(MONTHS_3[month]).title() for month in range(1, 13))],
        ["", *(str(MONTHS[month]) for month in range(1, 13))],
    )


def _offset(value: datetime) -> str:
    offset = value.utcoffset()
    seconds = offset.days * 86400 + offset.seconds  # as Django: microseconds dropped
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}{(seconds // 60) % 60:02d}"


# What each letter writes, as Django's DateFormat methods of the same name.
_DATE_WRITERS = {
    "d": lambda value: f"{value.day:02d}",
    "j": lambda value: str(value.day),
    "m": lambda value: f"{value.month:02d}",
    "n": lambda value: str(value.month),
    "y": lambda value: f"{value.year % 100:02d}",
    "Y": lambda value: f"{value.year:04d}",
    "M": lambda value: _month_names()[0][value.month],
    "F": lambda value: _month_names()[1][value.month],
}
_WRITERS = {
    **_DATE_WRITERS,
    "G": lambda value: str(value.hour),
    "H": lambda value: f"{value.hour:02d}",
    "i": lambda value: f"{value.minute:02d}",
    "s": lambda value: f"{value.second:02d}",
    "c": lambda value: value.isoformat(),
    "O": _offset,
}


@functools.lru_cache(maxsize=256)
def _pieces(format_string: str) -> tuple | None:
    """The format as (letter, writer or None, text) triples, or None if a
    letter is not ours."""
    pieces = []
    for index, piece in enumerate(_SPECIFIERS.split(format_string)):
        if index % 2:
            if piece not in _WRITERS:
                return None
            pieces.append((piece, _WRITERS[piece], ""))
        elif piece:
            pieces.append(("", None, _ESCAPED.sub(r"\1", piece)))
    return tuple(pieces)


def _written(value, pieces: tuple) -> str | None:
    """The value in the format's pieces, or None where Django must decide."""
    if type(value) is datetime:
        zone = value.tzinfo
        if zone is None or zone.utcoffset(None) is None:
            return None  # naive (the default zone's) or a zone with DST
    elif type(value) is date:
        if any(letter and letter not in _DATE_WRITERS for letter, _, _ in pieces):
            return None  # Django refuses time letters for a date
    else:
        return None
    return "".join(write(value) if write else text for _, write, text in pieces)


@register.filter("date", expects_localtime=True, is_safe=False)
def date_filter(value, arg=None):
    """Format a date as Django's `date` filter does."""
    # A lazy or other non-str format is Django's to convert.
    if (
        arg
        and type(arg) in _PLAIN_STR
        and arg not in FORMAT_SETTINGS
        and not settings.USE_I18N
    ):
        pieces = _pieces(arg)
        if pieces is not None:
            written = _written(value, pieces)
            if written is not None:
                return written
    return django_date(value, arg)
