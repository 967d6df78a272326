"""
Sections for imported categories: a category becomes a section page under
its parent's section (under the home page for a top-level one), keeping its
slug unless the site already uses that address for something else (/shows/,
/search/, /tag/…), in which case it gets -2.
"""

from django.urls import Resolver404, resolve
from django.utils.text import slugify
from wagtail.models import Page

from cliffhanger.newsroom.models import SectionPage

from .articles_import import slug_free

TITLE_MAX = SectionPage._meta.get_field("title").max_length
INTRO_MAX = SectionPage._meta.get_field("intro").max_length
# Paths under a top-level section that must reach the section, not a view of the site.
PROBES = ("/{slug}/", "/{slug}/an-article/", "/{slug}/1/")


def slug_is_reserved(slug: str) -> bool:
    """True when /<slug>/… is one of the site's own URLs rather than Wagtail's pages."""
    for probe in PROBES:
        try:
            match = resolve(probe.format(slug=slug))
        except Resolver404:
            return True
        if match.url_name != "wagtail_serve":
            return True
    return False


def section_slug(value: str, *, fallback: str) -> str:
    return slugify(value, allow_unicode=True)[:80] or fallback


def section_ensure(
    *, parent: Page, slug: str, title: str, intro: str = ""
) -> tuple[SectionPage, str]:
    """
    The section `slug` under `parent`: an existing one is adopted, else it is
    created and published. Returns it and "created" or "adopted".
    """
    existing = (
        parent.get_children().type(SectionPage).filter(slug=slug).specific().first()
    )
    if existing is not None:
        return existing, "adopted"
    wanted = slug
    if parent.depth <= 2 and slug_is_reserved(slug):
        wanted = f"{slug}-2"
    section = SectionPage(
        title=title[:TITLE_MAX] or slug,
        slug=slug_free(section=parent, slug=wanted),
        intro=intro[:INTRO_MAX],
        show_in_menus=parent.depth <= 2,
    )
    parent.add_child(instance=section)
    section.save_revision().publish(log_action=False)
    return section, "created"
