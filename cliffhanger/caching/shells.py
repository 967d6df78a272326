"""
Pages kept with holes. A page is drawn once with each slot that is the
reader's own (their comments and form, their votes: core/slots.py) and each
fragment hole left as a mark, and kept in the shared cache under the versions
of every tag its drawing declared; each request fills the marks for its
reader. So a reader the page cache cannot serve (a commenter, a voter, a
signed-in reader, `?cpage=2`) pays for their own parts, not for the page: on
finale night a comment bumps the thread's tag, which only the discussion's
hole reads, and the rest of the page stays kept.

What the page draws outside its holes must be the same for every reader of
that address: it is keyed by the scheme and host, and the caller adds
whatever else it shows (its address, the one query it honours). Something
the same for every reader but not for long (the sidebar's Most Popular,
counted each minute) is a hole too, so the page is not drawn again for it.

Each process also keeps the pages it last used pickled in memory, with the
pieces (process_copies.py): a page is a file of its own in the embedded
cache, and reading it was 6% of an article filled from it. A copy here is
used only while its versions are the request's; otherwise the shared cache is
read, so it is never older than the shared one.

Off with the fragment cache (FRAGMENT_CACHE_SECONDS), like every kept piece.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template import Context, engines

from cliffhanger.core.shared_csrf import (
    has_csrf_cookie,
    tokens_removed,
    tokens_restored,
)
from cliffhanger.core.slots import (
    holes_left,
    leaving_holes,
    slot_holes_filled,
    slots_drawn_whole,
)

from .dependencies import (
    NOT_FOR_KEEPING,
    QUERY_READ,
    collecting,
    depends_on,
    stop_collecting,
    tag_versions_this_request,
    tags_being_collected,
    versions_sure,
)
from .fragment_holes import fragment_holes_filled
from .fragments import RELEASE, versions_read_ahead
from .process_copies import TagsLastSeen, current_entry, process_copies

T = TypeVar("T")

# Asked for before the page, their versions mostly come with the request's
# first read (read ahead).
_tags_last_seen = TagsLastSeen()


def holes_depend_on(*tags: str) -> None:
    """
    Tags only the page's per-reader parts (its holes) read, declared by a
    view before any data. A page drawn whole depends on them; a page being
    kept with holes does not (its holes declare them when filled, so a
    comment leaves it kept). Their versions are read now either way, with
    the page's own, in one round trip.
    """
    if not leaving_holes():
        depends_on(*tags)
    versions_read_ahead(*tags)


def page_with_holes(
    request,
    key_parts: tuple,
    *,
    draw: Callable[[], HttpResponse],
    reader_context: Callable[[], Context],
) -> HttpResponse:
    """
    The page kept under `key_parts` with its holes filled for this reader,
    or `draw()` (a TemplateResponse, not yet rendered) drawn with holes, kept
    if it may be, and filled. `reader_context()` is what the holes are
    filled from: the request, the page, the reader's token. A reader with a
    CSRF cookie gets a copy of their own kind, with their token put back in
    its forms (as the page cache does: core/shared_csrf.py).
    """
    if not (
        settings.FRAGMENT_CACHE_SECONDS
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
    ):
        return draw()
    with_token = has_csrf_cookie(request)
    kind = "token" if with_token else "shared"
    # The host and scheme are in every absolute address the page writes.
    where = (request.scheme, request.get_host())
    raw = f"{RELEASE}:{slots_drawn_whole()}:{where!r}:{key_parts!r}:{kind}"
    key = "shell:" + hashlib.sha256(raw.encode()).hexdigest()
    entry, versions = _kept(key)
    if entry is not None and versions == entry["versions"] and versions_sure():
        depends_on(*entry["declared"])  # what the page cache keeps it under
        html = _tokens_put_back(entry["html"], request, with_token)
        return HttpResponse(_filled(html, reader_context()))
    response, declared = _collected_from(lambda: _drawn_with_holes(draw))
    html = response.content.decode()
    filled, declared_by_holes = _collected_from(lambda: _filled(html, reader_context()))
    template, had_tokens = tokens_removed(html.encode())
    # A hole that did not honour the query (a discussion page past the last)
    # keeps the address from being kept: junk queries cannot fill the cache.
    # A first-time reader handed a token after all has a page of their own.
    handed_a_token = had_tokens or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    if (
        NOT_FOR_KEEPING not in declared_by_holes
        and (with_token or not handed_a_token)
        and _may_keep(response, declared)
    ):
        # With the shared cache's epoch, as every kept piece (dependencies.py).
        versions = tag_versions_this_request(_tags(declared), epoch=True)
        if not versions_sure():  # read while the cache failed: 0s, not versions
            response.content = filled
            return response
        entry = {
            "html": template.decode(),
            "versions": versions,
            "declared": sorted(declared),
        }
        # Copied on drawing, unlike the page cache: no validator, same bytes.
        cache.set(key, entry, settings.FRAGMENT_CACHE_SECONDS)
        process_copies.set(key, entry)
    response.content = filled
    return response


def _tokens_put_back(html: str, request, with_token: bool) -> str:
    if not with_token:
        return html
    return tokens_restored(html.encode(), request).decode()


def _kept(key: str) -> tuple[dict | None, dict[str, int]]:
    """The kept page, if any, and the versions of its tags as this request
    reads them: its first read of versions reads them ahead with the rest
    (dependencies.py), so a hit mostly costs the one read of the page."""
    versions = tag_versions_this_request(_tags_last_seen.get(key))
    entry = current_entry(
        key,
        lambda entry: entry["versions"] == versions,
        lambda entry: settings.FRAGMENT_CACHE_SECONDS,
    )
    if not entry:
        return None, {}
    if versions.keys() != entry["versions"].keys():
        versions = tag_versions_this_request(entry["versions"])
        _tags_last_seen.remember(key, entry["versions"])
    return entry, versions


def _collected_from(make: Callable[[], T]) -> tuple[T, set[str]]:
    """make(), and the tags it declared; the answer being collected for (the
    page cache's) declares them too."""
    outer = tags_being_collected()
    declared, token = collecting()
    try:
        made = make()
    finally:
        stop_collecting(token)
    if outer is not None:
        outer.update(declared)
    return made, declared


def _drawn_with_holes(draw) -> HttpResponse:
    """The page drawn with its readers' parts left as marks."""
    with holes_left():
        response = draw()
        response.render()
    return response


def _may_keep(response, declared: set[str]) -> bool:
    return (
        response.status_code == 200
        and NOT_FOR_KEEPING not in declared
        and bool(_tags(declared))
    )


def _tags(declared: set[str]) -> list[str]:
    return [tag for tag in declared if not tag.startswith(QUERY_READ)]


def _filled(html: str, context: Context) -> str:
    return slot_holes_filled(fragment_holes_filled(html, context), context)


def reader_context(request, values: dict) -> Context:
    """What a template drawn for this request sees (the context processors'
    values: the reader's token among them), with `values`: what holes are
    filled from."""
    flat = {}  # one layer, not one per processor: fewer dicts, quicker lookups
    for processor in engines["django"].engine.template_context_processors:
        flat.update(processor(request))
    flat.update(values)
    return Context(flat)
