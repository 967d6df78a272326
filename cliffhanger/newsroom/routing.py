"""
An article's or a section's address resolved in a query, or none. Wagtail
routes /section/sub/slug/ a level at a time, two queries per level (the child,
then its specific page), six for a seed article; a page's url_path names it
exactly, so the home page looks live articles and sections up directly (and,
with the fragment cache on, keeps the answer under "articles") and leaves
every other address (a section's feeds, drafts' 404s) to Wagtail's own routing.
"""

from functools import cache

from wagtail.images import get_image_model

from cliffhanger.caching.fragments import remembered
from cliffhanger.core.db.prepared import PreparedInstances

from .models import ArticlePage, SectionPage


@cache
def section_route_segments() -> frozenset[str]:
    """Words a section's own sub-routes use (feed/, feed/atom/): they win over children."""
    return frozenset(
        segment
        for pattern in SectionPage.get_subpage_urls()
        for segment in str(pattern.pattern).strip("^$").split("/")
        if segment
    )


def live_page_at(
    *, home, path_components: list[str]
) -> ArticlePage | SectionPage | None:
    """The live article or section a path names under the home page; None
    leaves the address to Wagtail (a section's feeds, drafts, made-up paths)."""
    if not path_components or section_route_segments() & set(path_components):
        return None
    url_path = f"{home.url_path}{'/'.join(path_components)}/"
    # Kept under "articles", which every publish, unpublish, move, slug
    # change, deletion and live save bumps (newsroom/cache_rules.py). An
    # address that names nothing is not kept: made-up paths take no room.
    return remembered(
        "live-page-at",
        url_path,
        # "sites" too: the page object is shared (below), and Wagtail keeps
        # the sites' root paths on it once its url is asked for.
        tags=("articles", "sites"),
        compute=lambda: _live_page(url_path, path_components),
        keep=lambda page: page is not None,
        # Serving reads the page and never changes it; a preview or an
        # edit loads its own.
        share_instance=True,
    )


def _live_page(url_path: str, path_components: list[str]):
    # url_path has no index in Wagtail; slug has, and a page's url_path ends
    # with its slug, so this finds the same page without scanning every page.
    # An article sits in a section: one segment can only name a section.
    models = (ArticlePage, SectionPage) if len(path_components) > 1 else (SectionPage,)
    for model in models:
        for page in _LIVE_PAGE[model](slug=path_components[-1], url_path=url_path):
            if getattr(page, "featured_image_id", None) is not None:
                # Every article page shows it: read here, as its page was.
                for image in _IMAGE(pk=page.featured_image_id):
                    page.featured_image = image
            return page
    return None


def _live_page_query(model):
    """The whole page, compiled once (core/db/prepared.py): every uncached
    request for an article or a section asks."""
    return PreparedInstances(
        model,
        None,
        lambda slug, url_path: model.objects.filter(
            slug=slug, url_path=url_path, live=True
        ).order_by("pk")[:1],
    )


_LIVE_PAGE = {model: _live_page_query(model) for model in (ArticlePage, SectionPage)}
_IMAGE = PreparedInstances(
    get_image_model(), None, lambda pk: get_image_model().objects.filter(pk=pk)
)
