"""
An article page built from shared pieces (article_page.html's fragments, the
comment thread and form, the polls): each piece is kept once for every reader
who would see the same thing, and never shown to one who would not.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cliffhanger.discussion.tests.factories import make_comment


def reader(address="198.51.100.7") -> Client:
    """A first-time reader: no cookies, an address of their own."""
    return Client(REMOTE_ADDR=address)


def issued_values(html: str) -> list[str]:
    return re.findall(r'name="issued" value="([^"]+)"', html)


def test_a_second_reader_costs_no_discussion_or_poll_queries(
    fragments, article, make_poll
):
    make_poll(article=article)
    make_comment(article, body="First!")
    reader().get(article.url)

    with CaptureQueriesContext(connection) as second:
        html = reader().get(article.url).text

    tables = " ".join(query["sql"] for query in second.captured_queries)
    assert "First!" in html and "data-poll-form" in html
    assert "discussion_comment" not in tables
    assert 'predictions_poll"' not in tables and "predictions_polloption" not in tables


def test_a_new_comment_shows_to_the_next_reader_at_once(fragments, article):
    reader().get(article.url)

    make_comment(article, body="Fresh off the press")

    assert "Fresh off the press" in reader().get(article.url).text


def test_the_author_gets_their_edit_link_and_others_the_shared_copy(fragments, article):
    author = reader()
    reader().get(article.url)  # the shared copy is kept first
    # A post without JavaScript: the reader gets no CSRF cookie, only their
    # comment's, so their next page would otherwise be the shared one.
    response = author.post(
        f"/comments/post/{article.pk}/",
        {"body": "Mine, all mine", "author_name": "Writer"},
    )
    assert response.status_code == 302 and "csrftoken" not in author.cookies

    assert 'class="comment__edit"' in author.get(article.url).text
    assert 'class="comment__edit"' not in reader().get(article.url).text


def test_each_blank_form_is_dated_when_shown(fragments, article, monkeypatch):
    import cliffhanger.discussion.forms as forms

    monkeypatch.setattr(forms.time, "time", lambda: 1_800_000_000.0)
    first = issued_values(reader().get(article.url).text)
    monkeypatch.setattr(forms.time, "time", lambda: 1_800_000_100.0)
    second = issued_values(reader().get(article.url).text)

    assert len(first) == len(second) == 1
    assert first != second
    assert forms.signing.loads(second[0], salt=forms.ISSUED_SALT) == 1_800_000_100.0


def test_a_remembered_commenter_gets_their_name_not_the_blank_form(fragments, article):
    author = reader()
    author.post(
        f"/comments/post/{article.pk}/",
        {"body": "Remember me", "author_name": "Regular Reader", "remember": "on"},
    )
    reader().get(article.url)

    assert 'value="Regular Reader"' in author.get(article.url).text
    assert (
        'Regular Reader"' not in reader().get(article.url).text.split('id="respond"')[1]
    )


def test_a_reader_who_voted_sees_results_and_others_the_form(
    fragments, article, make_poll
):
    poll = make_poll(article=article)
    voter = reader("198.51.100.20")
    assert "data-poll-form" in voter.get(article.url).text

    voter.post(f"/polls/{poll.pk}/vote/", {"option": poll.options.first().pk})

    mine = voter.get(article.url).text
    assert "data-poll-form" not in mine and "100% <span" in mine
    assert "data-poll-form" in reader("198.51.100.21").get(article.url).text
    # A first-time reader on the same address gets the form, as the shared copy
    # shows it; their vote is not counted twice, and then they see the results.
    neighbour = reader("198.51.100.20")
    assert "data-poll-form" in neighbour.get(article.url).text
    neighbour.post(f"/polls/{poll.pk}/vote/", {"option": poll.options.last().pk})
    again = neighbour.get(article.url).text
    assert "data-poll-form" not in again and "100% <span" in again


def test_a_published_change_replaces_the_kept_article(fragments, article):
    reader().get(article.url)

    article.title = "A retitled story"
    article.save_revision().publish()

    html = reader().get(article.url).text
    assert "<h1>A retitled story</h1>" in html


def test_a_preview_neither_uses_nor_keeps_the_shared_pieces(fragments, article):
    reader().get(article.url)
    article.title = "Unpublished draft title"

    preview = article.make_preview_request()
    published = reader().get(article.url).text

    assert "Unpublished draft title" in preview.content.decode()
    assert "Unpublished draft title" not in published


def with_token(address="198.51.100.50") -> Client:
    """A returning reader: has a CSRF cookie, so their forms carry their token."""
    client = reader(address)
    client.get("/csrf-token/")
    assert "csrftoken" in client.cookies
    return client


def form_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)


@pytest.fixture
def placed_poll(article, make_poll):
    poll = make_poll(article=article)
    article.body = [{"type": "poll", "value": poll.pk}]
    article.save_revision().publish()
    return poll


# A poll placed in the body is a hole in the kept article: filled per reader.
def test_body_poll_does_not_leak_one_readers_csrf_token(
    fragments, article, placed_poll
):
    returning = with_token()
    mine = returning.get(article.url).text  # keeps article-top with this token
    assert any(form_tokens(mine))

    theirs = reader("203.0.113.9").get(article.url).text

    assert form_tokens(theirs) == [""] * len(form_tokens(theirs))


def test_body_poll_shows_a_voter_their_results_at_once(fragments, article, placed_poll):
    voter = reader("198.51.100.20")
    assert "data-poll-form" in voter.get(article.url).text

    voter.post(
        f"/polls/{placed_poll.pk}/vote/", {"option": placed_poll.options.first().pk}
    )

    assert "data-poll-form" not in voter.get(article.url).text


def test_body_poll_voted_state_not_shown_to_others(fragments, article, placed_poll):
    voter = reader("198.51.100.20")
    voter.post(
        f"/polls/{placed_poll.pk}/vote/", {"option": placed_poll.options.first().pk}
    )
    assert "thanks for voting" in voter.get(article.url).text

    assert "data-poll-form" in reader("198.51.100.99").get(article.url).text


def test_a_preview_does_not_decide_which_polls_live_readers_see(
    fragments, article, make_poll
):
    poll = make_poll(article=article, question="Attached at the end?")
    draft = article.specific
    draft.body = [{"type": "poll", "value": poll.pk}]  # the draft places it in the body
    draft.save_revision()  # not published
    draft.make_preview_request()

    assert "Attached at the end?" in reader().get(article.url).text


def test_a_replaced_image_shows_at_once(fragments, article):
    import wagtail_factories
    from django.core.files.images import ImageFile
    from wagtail.images.tests.utils import get_test_image_file

    image = wagtail_factories.ImageFactory(title="Poster")
    article.featured_image = image
    article.save_revision().publish()
    before = reader().get(article.url).text
    old = re.findall(r'src="([^"]+)"', before.split('class="article__featured"')[1])[0]

    # What the image edit view does when a new file is uploaded.
    image.file = ImageFile(
        get_test_image_file(filename="replacement.png"), name="replacement.png"
    )
    image.save()
    image.renditions.all().delete()

    after = reader().get(article.url).text
    assert old not in after


def test_the_menu_is_not_shared_between_sites(fragments, settings, home, section):
    from wagtail.models import Site

    from cliffhanger.newsroom.tests.factories import SectionPageFactory

    settings.ALLOWED_HOSTS = ["localhost", "other.example", "testserver"]
    other_root = SectionPageFactory(parent=home, title="Other", slug="other")
    Site.objects.create(hostname="other.example", port=80, root_page=other_root)

    def menu(host):
        html = Client(HTTP_HOST=host).get("/shows/").text
        return html.split('class="site-nav"')[1].split("</nav>")[0]

    menu("localhost")  # kept first
    on_other = menu("other.example")

    # On other.example, /entertainment/ is not the Entertainment section.
    assert 'href="/entertainment/"' not in on_other
