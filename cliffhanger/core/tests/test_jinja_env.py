"""Readers' templates in Jinja2 (core/jinja_env.py): Django's meanings kept,
and a Django page drawn in the one Jinja2 layout."""

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import conditional_escape, format_html

pytestmark = pytest.mark.django_db


def jinja(source: str, **context) -> str:
    return engines["jinja2"].env.from_string(source).render(context)


def django_page(source: str) -> str:
    request = RequestFactory().get("/somewhere/")
    return engines["django"].from_string(source).render({}, request)


def test_a_django_page_is_drawn_in_the_layout_with_its_own_blocks():
    html = django_page(
        '{% extends "base.html" %}{% block title %}Mine{% endblock %}'
        '{% block content %}<p id="own">Body</p>{% endblock %}'
    )

    assert "<title>Mine · Cliffhanger</title>" in html
    main = html[html.index("<main") : html.index("</main>")]
    assert '<p id="own">Body</p>' in main
    # Blocks it left alone are the layout's: the description, the sidebar.
    assert "TV and entertainment news, renewal status" in html
    assert 'id="most-popular-heading"' in html
    assert html.startswith("<!DOCTYPE html>")


def test_a_block_a_django_page_empties_stays_empty():
    html = django_page('{% extends "base.html" %}{% block sidebar %}{% endblock %}')

    aside = html[html.index('<aside class="layout__sidebar"') : html.index("</aside>")]
    assert "most-popular" not in aside


def test_rendered_html_is_not_escaped_twice():
    rendered = jinja("<b>{{ text }}</b>", text="<i>")

    assert rendered == "<b>&lt;i&gt;</b>"
    assert conditional_escape(rendered) == rendered
    assert format_html("<div>{}</div>", rendered) == "<div><b>&lt;i&gt;</b></div>"


def test_dates_are_written_in_local_time_as_djangos_engine_writes_them():
    moment = datetime(2026, 1, 1, 3, 30, tzinfo=UTC)
    with timezone.override("America/New_York"):
        written = jinja('{{ moment|date("j M Y H:i") }}', moment=moment)
        by_django = (
            engines["django"]
            .from_string('{{ moment|date:"j M Y H:i" }}')
            .render({"moment": moment})
        )

    assert written == by_django == "31 Dec 2025 22:30"
    assert jinja('{{ nothing|date("j M Y") }}') == ""


def test_a_missing_value_prints_nothing_as_in_djangos_engine():
    assert jinja("[{{ page.title }}{{ missing.deeper.still }}]") == "[]"
    assert jinja("{% if page.url_path %}yes{% else %}no{% endif %}") == "no"


def test_djangos_filters_keep_their_meaning():
    assert jinja("{{ 1|pluralize }}{{ 2|pluralize }}") == "s"
    assert jinja('{{ "a/b c"|urlencode("") }}') == "a%2Fb%20c"
    assert jinja("{{ text|linebreaks }}", text="one\n\ntwo & three") == (
        "<p>one</p>\n\n<p>two &amp; three</p>"
    )
    assert jinja("{{ url('tracker:show_board') }}") == "/shows/"


def test_a_django_page_includes_a_jinja2_partial_with_its_values():
    html = (
        engines["django"]
        .from_string(
            '{% load core_tags %}<div>{% jinja_include "includes/breadcrumbs.html" '
            "current_title=title %}</div>"
        )
        .render({"title": "<Drama>", "breadcrumbs": []})
    )

    assert '<span aria-current="page">&lt;Drama&gt;</span>' in html
    assert "&amp;lt;" not in html


def test_a_dicts_key_is_read_before_its_attribute_as_in_djangos_engine():
    from wagtail.blocks import StructValue

    row = {"items": "the key", "title": "Renewed"}
    assert jinja("{{ row.items }} {{ row.title }}", row=row) == "the key Renewed"
    assert jinja("{{ value.date }}", value=StructValue(None, [("date", "7 Dec")])) == (
        "7 Dec"
    )
    # Without such a key, the dict's own methods are there as before.
    plain = {"a": 1}
    assert jinja("{% for k, v in d.items() %}{{ k }}={{ v }}{% endfor %}", d=plain) == (
        "a=1"
    )
    assert jinja("{{ d.missing }}|{{ d.missing.deeper }}", d=plain) == "|"


def test_a_readers_query_string_cannot_stand_in_for_a_method():
    from django.http import QueryDict

    query = QueryDict("get=1&urlencode=2&q=finale")
    assert jinja('{{ query.get("q") }} {{ query.urlencode() }}', query=query) == (
        "finale get=1&amp;urlencode=2&amp;q=finale"
    )


def test_pageurl_names_a_wrong_argument_as_wagtails_does():
    with pytest.raises(ValueError, match="expected a Page"):
        jinja("{{ pageurl(nothing) }}", nothing=None)
    assert jinja('{{ pageurl(none, fallback="healthz") }}') == "/healthz"
