"""The slot registry (core/slots.py), what the apps add to it, and {% slot %}."""

import pytest
from django.apps import apps
from django.template import Context, Engine
from django.utils.html import format_html

from cliffhanger.accounts.slot_parts import header_link
from cliffhanger.core import slots
from cliffhanger.core.slots import slot_add, slot_parts, slots_replaced
from cliffhanger.discussion.comment_section import article_discussion
from cliffhanger.newsroom import slot_parts as newsroom_slot_parts
from cliffhanger.predictions import poll_parts
from cliffhanger.tracker.card_tags import article_card_tags

# What the apps add from their ready(), in the order pages draw it.
APPS_SLOTS = {
    "nav.items": ["tracker/includes/nav_item.html"],
    "sidebar": ["tracker/includes/sidebar_changes.html"],
    "article.after_header": ["tracker/includes/article_status_box.html"],
    "article.og_image": [article_card_tags],
    "article.after_body": [poll_parts.article_polls],
    "article.after_author": [article_discussion],
    "show.status": [poll_parts.season_forecast],
    "show.after_history": [poll_parts.show_predictions],
    "board.head": ["predictions/includes/board_forecast_head.html"],
    "board.row": ["predictions/includes/board_forecast_cell.html"],
    "header.end": [header_link],
    "page.sidebar": [newsroom_slot_parts.sidebar],
    "account.sections": [
        "discussion/includes/account_section.html",
        "tracker/includes/account_section.html",
        "newsletters/includes/account_section.html",
    ],
    "profile.sections": ["discussion/includes/profile_section.html"],
}
APPS_WITH_SLOTS = ("discussion", "tracker", "predictions", "newsletters", "accounts")


class TestSlotAdd:
    def test_a_slot_draws_its_templates_in_the_order_added(self):
        with slots_replaced({}):
            slot_add("page.end", "b.html")
            slot_add("page.end", "a.html")
            slot_add("page.start", "c.html")

            assert slot_parts("page.end") == ("b.html", "a.html")
            assert slot_parts("page.start") == ("c.html",)

    def test_adding_a_template_again_keeps_one(self):
        with slots_replaced({}):
            slot_add("page.end", "a.html")
            slot_add("page.end", "b.html")
            slot_add("page.end", "a.html")

            assert slot_parts("page.end") == ("a.html", "b.html")

    def test_a_slot_no_app_filled_draws_nothing(self):
        assert slot_parts("nobody.added.this") == ()


class TestSlotsReplaced:
    def test_the_apps_slots_come_back_after_the_block(self):
        with slots_replaced({"page.end": ["a.html"]}) as replaced:
            replaced["page.end"].append("b.html")
            slot_add("page.start", "c.html")

            assert slot_parts("page.end") == ("a.html", "b.html")
            assert slot_parts("article.after_author") == ()

        assert slot_parts("page.end") == slot_parts("page.start") == ()
        assert slot_parts("article.after_author") == (article_discussion,)

    def test_without_slots_the_block_starts_from_a_copy_of_the_apps(self):
        with slots_replaced() as replaced:
            replaced["account.sections"].clear()
            del replaced["header.end"]

            assert slot_parts("account.sections") == ()

        assert len(slot_parts("account.sections")) == 3
        assert slot_parts("header.end") == (header_link,)

    def test_the_apps_slots_come_back_when_the_block_raises(self):
        with pytest.raises(RuntimeError), slots_replaced({}):
            raise RuntimeError

        assert len(slot_parts("account.sections")) == 3

    def test_the_fixture_gives_a_dict_the_test_may_change(self, template_slots):
        template_slots.clear()

        assert slot_parts("nav.items") == ()


class TestTheAppsSlots:
    def test_each_app_adds_its_templates_in_installed_apps_order(self):
        # INSTALLED_APPS puts discussion before tracker before newsletters: the
        # order their sections have on /account/.
        assert {name: list(slot_parts(name)) for name in APPS_SLOTS} == APPS_SLOTS
        assert set(slots._slots) == set(APPS_SLOTS)

    def test_ready_run_again_adds_nothing(self):
        before = {name: slot_parts(name) for name in slots._slots}

        for label in APPS_WITH_SLOTS:
            apps.get_app_config(label).ready()

        assert {name: slot_parts(name) for name in slots._slots} == before


def test_the_slot_tag_renders_the_templates_in_the_pages_context(template_slots):
    template_slots["page.end"] = ["a.html", "b.html"]
    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {"a.html": "<i>{{ who }}</i>", "b.html": "<b>B</b>"},
            )
        ],
        libraries={"core_tags": "cliffhanger.core.templatetags.core_tags"},
    )
    template = engine.from_string(
        '{% load core_tags %}[{% slot "page.end" %}][{% slot "page.start" %}]'
    )

    assert template.render(Context({"who": "<A>"})) == "[<i>&lt;A&gt;</i><b>B</b>][]"


def test_a_slot_part_may_be_a_function_of_the_pages_context(template_slots):
    def greeting(context):
        return format_html("<p>Hello {}</p>", context["who"])

    def unmarked(context):
        return "<b>not marked safe</b>"

    template_slots["page.end"] = ["a.html", greeting, unmarked]
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", {"a.html": "<i>A</i>"})],
        libraries={"core_tags": "cliffhanger.core.templatetags.core_tags"},
    )
    template = engine.from_string('{% load core_tags %}{% slot "page.end" %}')

    assert template.render(Context({"who": "<A>"})) == (
        "<i>A</i><p>Hello &lt;A&gt;</p>&lt;b&gt;not marked safe&lt;/b&gt;"
    )
