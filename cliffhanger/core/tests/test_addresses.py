"""Addresses worked out once per script prefix (core/addresses.py)."""

from django.templatetags.static import static
from django.urls import get_script_prefix, reverse, set_script_prefix

from cliffhanger.core.addresses import reverse_once, static_once


def test_each_script_prefix_gets_its_own_addresses():
    before = get_script_prefix()
    plain = reverse_once("account_login")
    script = static_once("cliffhanger/js/comments.js")
    try:
        set_script_prefix("/news/")
        assert reverse_once("account_login") == "/news" + plain
        assert reverse_once("account_login") == reverse("account_login")
        assert static_once("cliffhanger/js/comments.js") == static(
            "cliffhanger/js/comments.js"
        )
    finally:
        set_script_prefix(before)
    assert (
        reverse_once("account_login"),
        static_once("cliffhanger/js/comments.js"),
    ) == (
        plain,
        script,
    )


# ------------------------------------------------------------ pages' addresses


def _child(parent, slug: str):
    from wagtail.models import Page

    return parent.add_child(instance=Page(title=slug.title(), slug=slug))


def test_a_pages_address_is_wagtails_and_worked_out_once(home, rf, monkeypatch):
    from wagtail.models import Page

    from cliffhanger.core.addresses import page_url_once

    section = _child(home, "tv")
    article = _child(section, "finale")
    request = rf.get("/", HTTP_HOST="localhost")
    for page in (home, section, article):
        assert page_url_once(page, request) == page.get_url(request)
    assert page_url_once(article, request) == "/tv/finale/"
    asked = []
    monkeypatch.setattr(Page, "get_url", lambda page, *args: asked.append(page))
    again = Page.objects.get(pk=article.pk)  # another copy, another request
    assert page_url_once(again, rf.get("/", HTTP_HOST="localhost")) == "/tv/finale/"
    assert asked == []


def test_a_renamed_page_gets_its_new_address(home, rf):
    from cliffhanger.core.addresses import page_url_once

    page = _child(home, "old-name")
    request = rf.get("/", HTTP_HOST="localhost")
    assert page_url_once(page, request) == "/old-name/"
    page.slug = "new-name"
    page.save()
    page.refresh_from_db()
    assert page_url_once(page, rf.get("/", HTTP_HOST="localhost")) == "/new-name/"


def test_a_page_of_another_site_is_written_whole_from_this_one(home, rf):
    from wagtail.models import Page, Site

    from cliffhanger.core.addresses import page_url_once

    root = Page.get_first_root_node()
    other_home = root.add_child(instance=Page(title="Other", slug="other-home"))
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    page = _child(other_home, "story")
    here = rf.get("/", HTTP_HOST="localhost")
    there = rf.get("/", HTTP_HOST="other.example")
    assert page_url_once(page, here) == "http://other.example/story/"
    assert page_url_once(page, there) == "/story/"
    assert page_url_once(page, here) == page.get_url(here)


def test_a_page_type_with_its_own_address_is_asked_every_time(home, rf, monkeypatch):
    from cliffhanger.core.addresses import page_url_once

    request = rf.get("/", HTTP_HOST="localhost")
    answers = iter(["/first/", "/second/"])
    monkeypatch.setattr(
        type(home), "get_url_parts", lambda page, request=None: (1, "", next(answers))
    )
    assert page_url_once(home, request) == "/first/"
    assert page_url_once(home, request) == "/second/"
