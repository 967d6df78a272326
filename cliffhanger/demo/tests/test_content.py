"""The data files name each other by slug: a typo would quietly drop a link."""

from cliffhanger.demo.content import SEED_SLUG, demo_data
from cliffhanger.demo.thread import THREAD_SLUG


def _articles() -> list[dict]:
    return [demo_data("seed")["article"], *demo_data("articles")["articles"]]


def test_articles_name_sections_and_authors_that_exist():
    data = demo_data("articles")
    sections = {section["slug"] for section in data["sections"]}
    authors = {author["slug"] for author in data["authors"]}
    authors.add(demo_data("seed")["author"]["slug"])

    for article in _articles():
        assert article["section"] in sections, article["slug"]
        assert set(article["authors"]) <= authors, article["slug"]


def test_shows_statements_and_coverage_name_what_exists():
    data = demo_data("shows")
    networks = {network["slug"] for network in data["networks"]}
    genres = {genre["slug"] for genre in data["genres"]}
    seasons = {
        show["slug"]: {season["number"] for season in show["seasons"]}
        for show in data["shows"]
    }
    articles = {article["slug"] for article in _articles()}

    for show in data["shows"]:
        assert show["network"] in networks and set(show["genres"]) <= genres
    for statement in data["statements"]:
        assert statement["season"] in seasons[statement["show"]], statement["quote"]
    for link in data["article_coverage"]:
        assert link["article"] in articles
        assert link["season"] is None or link["season"] in seasons[link["show"]]


def test_polls_name_shows_that_exist():
    shows = {show["slug"] for show in demo_data("shows")["shows"]}
    polls = demo_data("polls")

    assert polls["seed"]["show"] in shows
    assert {poll["show"] for poll in polls["open"]} <= shows


def test_the_seed_page_and_the_long_thread_have_their_articles():
    slugs = {article["slug"] for article in _articles()}

    assert SEED_SLUG in slugs
    assert THREAD_SLUG in slugs
