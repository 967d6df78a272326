"""The `date` filter (core/templatetags/dates.py) answers as Django's does."""

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.template.defaultfilters import date as django_date
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy

from cliffhanger.core.templatetags import dates
from cliffhanger.core.templatetags.dates import date_filter

FORMATS = [
    "j M Y",
    r"Y-m-d\TH:i:sO",
    "j F Y",
    "Y-m-d",
    "Y-m-d H:i",
    "c",
    "j F Y, H:i",
    "Y-m-d H:i:s",
    "j M Y, H:i",
    "H:i:s",
    "n/j/y G:i",
    r"\Y\e\a\r: Y",  # escaped letters are text
    "jS F Y",  # S: not ours, Django's
    "D, d M Y H:i:s O",  # D: Django's
    "P",
    "U",
    "T",
    "e",
    "",
    "DATE_FORMAT",  # a format setting's name
    "SHORT_DATETIME_FORMAT",
]
VALUES = [
    datetime(2022, 9, 8, 7, 5, 3, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=ZoneInfo("UTC")),
    datetime(2024, 2, 29, 0, 0, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
    datetime(2024, 6, 15, 12, 0, tzinfo=timezone(timedelta(hours=5, minutes=45))),
    datetime(2024, 3, 31, 1, 30, tzinfo=ZoneInfo("Europe/London")),  # DST
    datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
    datetime(2024, 1, 5, 9, 7),  # naive
    datetime(7, 1, 5, 9, 7, tzinfo=UTC),  # a four-digit year
    datetime(2024, 1, 5, 9, 7, tzinfo=timezone(timedelta(microseconds=-1))),
    date(2024, 1, 5),
    date(2024, 12, 25),
    time(9, 7),
    None,
    "",
    "2024-01-05",
    42,
]


def _answer(function, value, format_string):
    try:
        return function(value, format_string)
    except Exception as error:  # noqa: BLE001 - the same failure is the same answer
        return type(error)


@pytest.mark.parametrize("format_string", FORMATS)
def test_every_value_is_written_as_django_writes_it(format_string):
    for value in VALUES:
        expected = _answer(django_date, value, format_string)
        assert _answer(date_filter, value, format_string) == expected, (
            value,
            format_string,
        )


def test_the_formats_our_templates_use_are_written_here_not_by_django(monkeypatch):
    """Else the filter would be right but no faster."""
    monkeypatch.setattr(dates, "django_date", None)  # any call to it fails
    value = datetime(2022, 9, 8, 7, 5, 3, tzinfo=UTC)

    assert date_filter(value, r"Y-m-d\TH:i:sO") == "2022-09-08T07:05:03+0000"
    assert date_filter(value, "j M Y") == "8 Sep 2022"
    assert date_filter(value, "j F Y, H:i") == "8 September 2022, 07:05"
    assert date_filter(date(2022, 9, 8), "Y-m-d") == "2022-09-08"


def test_a_template_uses_it_in_the_sites_zone_and_in_another():
    template = engines["django"].from_string(
        r"""{{ moment|date:"j M Y, H:i" }} {{ moment|date:'Y-m-d\TH:i:sO' }}"""
    )
    moment = datetime(2022, 9, 8, 23, 30, tzinfo=UTC)

    assert (
        template.render({"moment": moment})
        == "8 Sep 2022, 23:30 2022-09-08T23:30:00+0000"
    )
    with django_timezone.override(ZoneInfo("Europe/London")):
        assert (
            template.render({"moment": moment})
            == "9 Sep 2022, 00:30 2022-09-09T00:30:00+0100"
        )
    with django_timezone.override(timezone(timedelta(hours=-3, minutes=-30))):
        assert (
            template.render({"moment": moment})
            == "8 Sep 2022, 20:00 2022-09-08T20:00:00-0330"
        )


@pytest.mark.parametrize("format_string", [gettext_lazy("j M Y"), 5])
def test_a_format_that_is_not_text_is_djangos_to_convert(format_string):
    value = datetime(2022, 9, 8, 7, 5, 3, tzinfo=UTC)

    assert date_filter(value, format_string) == django_date(value, format_string)


def test_with_translations_on_django_writes_every_date(settings, monkeypatch):
    settings.USE_I18N = True
    written = []
    monkeypatch.setattr(
        dates, "django_date", lambda value, arg: written.append(arg) or "Django's"
    )

    assert date_filter(datetime(2022, 9, 8, tzinfo=UTC), "j M Y") == "Django's"
    assert written == ["j M Y"]
