import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliffhanger.search.highlight import highlight, snippet, terms_pattern
from cliffhanger.search.query import MAX_TERMS, search_query_parse


@pytest.mark.parametrize(
    ("raw", "terms"),
    [
        ("Partner Track", ("Partner", "Track")),
        ('"unterminated', ("unterminated",)),
        ("title:foo AND bar*", ("title", "foo", "AND", "bar")),
        ("NEAR(a b) ^x -y", ("NEAR", "a", "b", "x", "y")),
        ("Grey's Anatomy", ("Greys", "Anatomy")),
        ("renewed RENEWED renewed", ("renewed",)),
        ("Élite série", ("Élite", "série")),
        ("  ", ()),
        ("\"'*()-", ()),
        (None, ()),
    ],
)
def test_only_words_reach_the_backend(raw, terms):
    assert search_query_parse(raw).terms == terms


def test_long_queries_are_cut_to_a_few_words():
    query = search_query_parse(" ".join(f"word{n}" for n in range(5000)))
    assert len(query.terms) <= MAX_TERMS
    assert len(query.raw) <= 200


@given(st.text(max_size=500))
def test_any_text_parses_to_plain_words(raw):
    for term in search_query_parse(raw).terms:
        assert term.isalnum() or all(ch.isalnum() or ch == "_" for ch in term)


def test_highlight_marks_word_starts_and_escapes_the_rest():
    pattern = terms_pattern(("renew",))
    html = highlight("<b>Netflix</b> renewed it; nothing to prerenew", pattern)
    assert html == (
        "&lt;b&gt;Netflix&lt;/b&gt; <mark>renewed</mark> it; nothing to prerenew"
    )


def test_snippet_centres_on_the_first_match_with_ellipses():
    text = "Opening words. " * 40 + "The network renewed the show. " + "More. " * 60
    html = snippet(text, terms_pattern(("renewed",)), width=120)
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert "<mark>renewed</mark>" in html
    assert len(html) < 200


def test_snippet_without_a_match_is_the_opening():
    html = snippet("word " * 100, terms_pattern(("absent",)), width=50)
    assert html.startswith("word word")
    assert html.endswith(" …")
