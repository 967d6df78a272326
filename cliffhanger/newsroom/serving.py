"""
What the newsroom's pages do when served: find an article under the home
page, list a section, answer a section's feeds, and gather an article's
context. It reads the pages through the selectors, routing, feeds and
related modules, which all import the models; so the models cannot import
it. NewsroomConfig.ready() plugs it into models.serving, and the imports
point one way: serving → selectors → models.
"""

import re
from functools import cache

from django.utils.functional import SimpleLazyObject

from cliffhanger.caching.dependencies import SITE_WIDE, depends_on
from cliffhanger.caching.shells import holes_depend_on, page_with_holes, reader_context

from .feeds import SectionAtomFeed, SectionFeed
from .listings import listing_page
from .models import ARTICLE_DETAIL_NAMES
from .related import article_related
from .restrictions import may_be_restricted
from .routing import live_page_at
from .selectors import (
    article_detail_context,
    article_list_in_section,
    article_list_latest,
    page_breadcrumbs,
    section_list_children,
    with_card_pictures,
)
from .structured_data import article_json_ld


def home_page_at(home, path_components):
    """The live article or section a path names under the home page (None:
    Wagtail's own routing)."""
    return live_page_at(home=home, path_components=path_components)


def home_context(home, context: dict, request) -> dict:
    depends_on(*SITE_WIDE)
    context["page_obj"] = listing_page(
        request, "latest", lambda: with_card_pictures(article_list_latest())
    )
    return context


def section_context(section, context: dict, request) -> dict:
    depends_on(*SITE_WIDE)
    # Read only when the section's kept top (section_page.html) is not kept.
    context["breadcrumbs"] = SimpleLazyObject(lambda: page_breadcrumbs(page=section))
    context["page_obj"] = listing_page(
        request,
        f"section:{section.pk}",
        lambda: with_card_pictures(article_list_in_section(section=section)),
    )
    context["subsections"] = SimpleLazyObject(
        lambda: list(section_list_children(section=section))
    )
    return context


def section_feed(section, request, *, atom: bool = False):
    feed = SectionAtomFeed() if atom else SectionFeed()
    return feed(request, section_id=section.pk)


def article_context(article, context: dict, request) -> dict:
    """The article's data, each piece read only if the template asks for it:
    with the article's fragments cached (article_page.html), most are not."""
    depends_on(*SITE_WIDE)
    holes_depend_on(f"comments:{article.pk}", f"polls:article:{article.pk}")
    preview = bool(getattr(request, "is_preview", False))
    detail = cache(lambda: article_detail_context(article=article, preview=preview))

    for name in ARTICLE_DETAIL_NAMES:
        context[name] = SimpleLazyObject(lambda name=name: detail()[name])
    context["related_articles"] = SimpleLazyObject(
        lambda: article_related(
            article=article,
            tags=detail()["tags"],
            shared=not preview,
        )
    )
    context["json_ld"] = SimpleLazyObject(
        lambda: article_json_ld(
            article=article,
            authors=detail()["authors"],
            breadcrumbs=detail()["breadcrumbs"],
            last_updated_at=detail()["last_updated_at"],
            request=request,
        )
    )
    return context


# The one query a kept article page may be asked with, exactly as written:
# its discussion's page, which only a hole reads. Any other query (junk,
# spelt another way) is drawn whole, so it cannot fill the cache with copies.
KEPT_WITH_HOLES_QUERY = re.compile(r"(cpage=[1-9][0-9]{0,3})?")


def article_served(article, request, draw):
    """
    The article for this request: its page kept with holes (the discussion,
    the polls, the sidebar) when it is the same for every reader of the
    address, else `draw()`, Wagtail's own serve.
    """
    query = request.META.get("QUERY_STRING", "")
    if not (
        article.live
        and not may_be_restricted(article)
        and KEPT_WITH_HOLES_QUERY.fullmatch(query)
    ):
        return draw()
    return page_with_holes(
        request,
        ("article", article.pk, request.path, query),
        draw=draw,
        reader_context=lambda: reader_context(
            request, {"page": article, "self": article}
        ),
    )
