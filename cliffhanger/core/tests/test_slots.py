"""The slot registry (core/slots.py), what the apps add to it, and {% slot %}."""

import pytest
from django.apps import apps
from django.template import Context, Engine

from cliffhanger.core import slots
from cliffhanger.core.slots import slot_add, slot_templates, slots_replaced

# What the apps add from their ready(), in the order pages draw it.
APPS_SLOTS = {
    "nav.items": ["tracker/includes/nav_item.html"],
    "sidebar": ["tracker/includes/sidebar_changes.html"],
    "article.after_header": ["tracker/includes/article_status_box.html"],
    "article.og_image": ["tracker/includes/article_social_card.html"],
    "article.after_body": ["predictions/includes/article_polls.html"],
    "article.after_author": ["discussion/includes/article_discussion.html"],
    "show.status": ["predictions/includes/show_forecast.html"],
    "show.after_history": ["predictions/includes/show_slot.html"],
    "board.head": ["predictions/includes/board_forecast_head.html"],
    "board.row": ["predictions/includes/board_forecast_cell.html"],
    "header.end": ["accounts/includes/header_link.html"],
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

            assert slot_templates("page.end") == ("b.html", "a.html")
            assert slot_templates("page.start") == ("c.html",)

    def test_adding_a_template_again_keeps_one(self):
        with slots_replaced({}):
            slot_add("page.end", "a.html")
            slot_add("page.end", "b.html")
            slot_add("page.end", "a.html")

            assert slot_templates("page.end") == ("a.html", "b.html")

    def test_a_slot_no_app_filled_draws_nothing(self):
        assert slot_templates("nobody.added.this") == ()


class TestSlotsReplaced:
    def test_the_apps_slots_come_back_after_the_block(self):
        with slots_replaced({"page.end": ["a.html"]}) as replaced:
            replaced["page.end"].append("b.html")
            slot_add("page.start", "c.html")

            assert slot_templates("page.end") == ("a.html", "b.html")
            assert slot_templates("article.after_author") == ()

        assert slot_templates("page.end") == slot_templates("page.start") == ()
        assert slot_templates("article.after_author") == (
            "discussion/includes/article_discussion.html",
        )

    def test_without_slots_the_block_starts_from_a_copy_of_the_apps(self):
        with slots_replaced() as replaced:
            replaced["account.sections"].clear()
            del replaced["header.end"]

            assert slot_templates("account.sections") == ()

        assert len(slot_templates("account.sections")) == 3
        assert slot_templates("header.end") == ("accounts/includes/header_link.html",)

    def test_the_apps_slots_come_back_when_the_block_raises(self):
        with pytest.raises(RuntimeError), slots_replaced({}):
            raise RuntimeError

        assert len(slot_templates("account.sections")) == 3

    def test_the_fixture_gives_a_dict_the_test_may_change(self, template_slots):
        template_slots.clear()

        assert slot_templates("nav.items") == ()


class TestTheAppsSlots:
    def test_each_app_adds_its_templates_in_installed_apps_order(self):
        # INSTALLED_APPS puts discussion before tracker before newsletters: the
        # order their sections have on /account/.
        assert {name: list(slot_templates(name)) for name in APPS_SLOTS} == APPS_SLOTS
        assert set(slots._slots) == set(APPS_SLOTS)

    def test_ready_run_again_adds_nothing(self):
        before = {name: slot_templates(name) for name in slots._slots}

        for label in APPS_WITH_SLOTS:
            apps.get_app_config(label).ready()

        assert {name: slot_templates(name) for name in slots._slots} == before


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
