"""
An article's or a section's address resolved in one query, or none. Wagtail
routes /section/sub/slug/ a level at a time, two queries per level (the child,
then its specific page), six for a seed article; a page's url_path names it
exactly, so the home page looks live articles and sections up directly (and,
with the fragment cache on, keeps the answer under "articles") and leaves
every other address (a section's feeds, drafts' 404s) to Wagtail's own routing.
"""

from functools import cache

from cliffhanger.caching.fragments import remembered

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


def live_article_at(*, home, path_components: list[str]) -> ArticlePage | None:
    if len(path_components) < 2 or section_route_segments() & set(path_components):
        return None
    url_path = f"{home.url_path}{'/'.join(path_components)}/"
    # Kept under "articles", which every publish, unpublish, move, slug
    # change, deletion and live save bumps (newsroom/cache_rules.py).
    return remembered(
        "live-article-at",
        url_path,
        tags=("articles",),
        compute=lambda: _live_article(url_path, path_components[-1]),
    )


def _live_article(url_path: str, slug: str) -> ArticlePage | None:
    # url_path has no index in Wagtail; slug has, and a page's url_path ends
    # with its slug, so this finds the same page without scanning every page.
    return ArticlePage.objects.filter(slug=slug, url_path=url_path, live=True).first()


def live_section_at(*, home, path_components: list[str]) -> SectionPage | None:
    if not path_components or section_route_segments() & set(path_components):
        return None
    url_path = f"{home.url_path}{'/'.join(path_components)}/"
    return remembered(
        "live-section-at",
        url_path,
        tags=("articles",),
        compute=lambda: SectionPage.objects.filter(
            slug=path_components[-1], url_path=url_path, live=True
        ).first(),
    )
