"""
Old addresses and new pages: the 301s that keep an imported site's links
working, and finding the article an old (or new) address stands for.

Redirects are Wagtail's (wagtail.contrib.redirects), for all sites, stored
under Wagtail's normalised path ("/2022/09/slug", "/?p=123"). A redirect
from a page's own address is never made: it would loop.
"""

from urllib.parse import urlsplit

from django.db.models import Q
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from cliffhanger.newsroom.models import ArticlePage

from .middleware import wordpress_query_path
from .models import ImportedItem, ImportedKind, ImportSource

OLD_PATH_MAX = Redirect._meta.get_field("old_path").max_length


def address_path(url: str) -> str:
    """The path and query of an address on the old site ("/2022/09/slug/?a=1")."""
    parts = urlsplit((url or "").strip())
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def post_old_paths(
    *, link: str, guid: str, post_id: str, blog_address: str
) -> list[str]:
    """
    Where readers and search engines knew a post: its permalink, its guid when
    that is an address on the site, and the plain permalink /?p=<id> (which
    every WordPress site answers, whatever its permalink setting).
    """
    paths = []
    site_host = urlsplit(blog_address).netloc.lower()
    blog_path = urlsplit(blog_address).path.rstrip("/")
    for url in (link, guid):
        if url and urlsplit(url).netloc.lower() in ("", site_host):
            paths.append(address_path(url))
    if post_id.isdigit():
        paths.append(blog_path + wordpress_query_path("p", post_id))
    unique = []
    for path in paths:
        normalised = Redirect.normalise_path(path)
        if normalised not in unique:
            unique.append(normalised)
    return unique


def page_path(page: Page) -> str:
    """The page's path on its site ("/entertainment/pilot/")."""
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def redirect_ensure(*, old_path: str, page: Page) -> str:
    """
    A permanent redirect from `old_path` to `page`: "created", "updated" (it
    pointed elsewhere), "unchanged", or "skipped" when the path is the page's
    own or too long to store.
    """
    normalised = Redirect.normalise_path(old_path)
    if normalised == Redirect.normalise_path(page_path(page)):
        return "skipped"
    if len(normalised) > OLD_PATH_MAX:
        return "skipped"
    redirect = Redirect.objects.filter(old_path=normalised, site=None).first()
    if redirect is None:
        Redirect.objects.create(
            old_path=normalised, site=None, redirect_page=page, is_permanent=True
        )
        return "created"
    if redirect.redirect_page_id == page.pk and redirect.is_permanent:
        return "unchanged"
    redirect.redirect_page = page
    redirect.redirect_link = ""
    redirect.is_permanent = True
    redirect.save()
    return "updated"


def article_for_address(url: str) -> ArticlePage | None:
    """
    The article an address stands for: an old address with a redirect to it,
    else the article at that path on the default site, with or without the
    query string.
    """
    path_and_query = Redirect.normalise_path(address_path(url))
    candidates = [path_and_query]
    if "?" in path_and_query:
        candidates.append(path_and_query.split("?", 1)[0])
    for path in candidates:
        redirect = (
            Redirect.objects.filter(old_path=path, redirect_page__isnull=False)
            .order_by("pk")
            .first()
        )
        if redirect is not None:
            page = redirect.redirect_page.specific
            if isinstance(page, ArticlePage):
                return page
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    for path in candidates:
        route = path.split("?", 1)[0].strip("/")
        url_path = site.root_page.url_path + (f"{route}/" if route else "")
        page = ArticlePage.objects.filter(url_path=url_path).first()
        if page is not None:
            return page
    return None


def article_for_wordpress_id(post_id: str) -> ArticlePage | None:
    """The article imported from WordPress post `post_id`, when only one site's post has that id."""
    items = ImportedItem.objects.filter(
        Q(source=ImportSource.WORDPRESS)
        & Q(kind=ImportedKind.ARTICLE)
        & Q(external_id=post_id)
    ).select_related("page")[:2]
    items = list(items)
    if len(items) != 1:
        return None
    page = items[0].page.specific
    return page if isinstance(page, ArticlePage) else None
