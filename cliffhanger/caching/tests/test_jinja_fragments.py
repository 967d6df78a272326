"""The Jinja2 `fragment` block and `fragment_hole()` keep and fill as the Django tags do."""

import pytest
from django.template import engines
from django.test import RequestFactory
from jinja2 import TemplateSyntaxError

from cliffhanger.caching import fragment_holes
from cliffhanger.caching.dependencies import invalidate

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    context.setdefault("request", RequestFactory().get("/"))
    return engines["jinja2"].env.from_string(source).render(context)


def counter():
    calls = []

    def count():
        calls.append(1)
        return len(calls)

    return count


def test_a_block_is_drawn_once_per_version_of_its_tags(fragments):
    source = '{% fragment "count", key, tags="a b" %}[{{ count() }}]{% endfragment %}'
    count = counter()

    first = render(source, key=1, count=count)
    again = render(source, key=1, count=count)
    other_key = render(source, key=2, count=count)
    invalidate("b")
    after_change = render(source, key=1, count=count)

    assert (first, again, other_key, after_change) == ("[1]", "[1]", "[2]", "[3]")


def test_a_preview_draws_the_block_afresh(fragments):
    source = '{% fragment "count", tags="a" %}[{{ count() }}]{% endfragment %}'
    count = counter()
    preview = RequestFactory().get("/")
    preview.is_preview = True

    drawn = [render(source, count=count, request=preview) for _ in range(2)]

    assert drawn == ["[1]", "[2]"]


@pytest.fixture
def reader_hole():
    fragment_holes.fragment_hole_register(
        "reader-name", lambda context, argument: f"{context['who']}:{argument}"
    )
    yield
    fragment_holes._fillers.pop("reader-name")


def test_a_hole_in_a_kept_block_is_each_readers_own(fragments, reader_hole):
    source = (
        '{% fragment "holed", tags="a" %}<p>{{ count() }} '
        '{{ fragment_hole("reader-name", 7) }}</p>{% endfragment %}'
    )
    count = counter()

    ann = render(source, who="Ann", count=count)
    bob = render(source, who="Bob", count=count)

    assert (ann, bob) == ("<p>1 Ann:7</p>", "<p>1 Bob:7</p>")


def test_a_block_without_tags_is_refused():
    with pytest.raises(TemplateSyntaxError, match="tags="):
        engines["jinja2"].env.from_string('{% fragment "x", 1 %}{% endfragment %}')
