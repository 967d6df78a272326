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
