"""
WordPress eXtended RSS (WXR, the file Tools › Export writes), read as a
stream of plain records; nothing here touches the database.

    for record in wxr_read(stream):
        match record:
            case WxrSite(): ...       # first, once: the site's address
            case WxrAuthor() | WxrCategory() | WxrTag(): ...
            case WxrPost(): ...       # posts, pages, attachments, each with its comments

The channel's authors, categories and tags come before its items, as
WordPress writes them; a post's comments are inside its <item>. WXR 1.0, 1.1
and 1.2 are read alike. Texts are as in the file (HTML stays HTML); CDATA
sections are joined by the XML parser, so WordPress's way of writing "]]>"
inside CDATA ("]]]]><![CDATA[>") reads back as "]]>".
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import BinaryIO

from .xml_stream import ImportFileError, child_text, local_name, xml_records

NOT_WXR = (
    "This is not a WordPress export (WXR): there is no <wp:wxr_version> in its "
    "<channel>. Export it from WordPress with Tools › Export."
)


@dataclass
class WxrSite:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""

    @property
    def address(self) -> str:
        """The blog's address, without a trailing slash: what permalinks start with."""
        return (self.base_blog_url or self.link or self.base_site_url).rstrip("/")


@dataclass
class WxrAuthor:
    login: str
    display_name: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    author_id: str = ""


@dataclass
class WxrCategory:
    nicename: str
    name: str
    parent: str = ""  # the parent's nicename
    description: str = ""
    term_id: str = ""


@dataclass
class WxrTag:
    slug: str
    name: str


@dataclass
class WxrComment:
    comment_id: str
    author: str
    author_email: str
    author_url: str
    author_ip: str
    date: datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash", "post-trashed"
    comment_type: str  # "", "comment", "pingback", "trackback"
    parent_id: str  # "0" for a top-level comment
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class WxrPost:
    post_id: str
    post_type: str
    title: str
    link: str
    guid: str
    creator: str  # the author's login
    content: str
    excerpt: str
    slug: str
    status: str  # publish, draft, pending, future, private, trash, inherit, auto-draft
    date: datetime | None
    modified: datetime | None
    comment_status: str
    password: str
    parent_id: str
    attachment_url: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (nicename, name)
    tags: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    # Co-Authors Plus bylines after the first: (nicename "cap-<login>", name).
    coauthors: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WxrComment] = field(default_factory=list)


def wxr_datetime(gmt: str, local: str = "", rfc822: str = "") -> datetime | None:
    """
    A WordPress date as an aware UTC datetime: the GMT column when set, else
    the local column read as UTC (WXR does not say the site's time zone), else
    the RSS pubDate. Drafts have "0000-00-00 00:00:00": None.
    """
    for text in (gmt, local):
        text = (text or "").strip()
        if text and not text.startswith("0000"):
            try:
                return datetime.fromisoformat(text).replace(tzinfo=UTC)
            except ValueError:
                continue
    if rfc822 and "-0001" not in rfc822:
        try:
            return parsedate_to_datetime(rfc822).astimezone(UTC)
        except (TypeError, ValueError, IndexError):
            return None
    return None


def _meta(element) -> dict[str, str]:
    """<wp:postmeta> or <wp:commentmeta> pairs; the first value of a repeated key wins."""
    meta: dict[str, str] = {}
    for child in element:
        if local_name(child.tag) in ("wp:postmeta", "wp:commentmeta"):
            key = child_text(child, "wp:meta_key")
            if key and key not in meta:
                meta[key] = child_text(child, "wp:meta_value")
    return meta


def _comment(element) -> WxrComment:
    text = {local_name(child.tag): child.text or "" for child in element}
    return WxrComment(
        comment_id=text.get("wp:comment_id", "").strip(),
        author=text.get("wp:comment_author", ""),
        author_email=text.get("wp:comment_author_email", "").strip(),
        author_url=text.get("wp:comment_author_url", "").strip(),
        author_ip=text.get("wp:comment_author_IP", "").strip(),
        date=wxr_datetime(
            text.get("wp:comment_date_gmt", ""), text.get("wp:comment_date", "")
        ),
        content=text.get("wp:comment_content", ""),
        approved=text.get("wp:comment_approved", "1").strip(),
        comment_type=text.get("wp:comment_type", "").strip(),
        parent_id=text.get("wp:comment_parent", "0").strip() or "0",
        meta=_meta(element),
    )


def _post(element) -> WxrPost:
    text: dict[str, str] = {}
    categories, tags, coauthors, comments = [], [], [], []
    for child in element:
        name = local_name(child.tag)
        if name == "category":
            pair = (child.get("nicename", ""), child.text or "")
            domain = child.get("domain", "")
            if domain == "category":
                categories.append(pair)
            elif domain == "post_tag":
                tags.append(pair)
            elif domain == "author":
                coauthors.append(pair)
        elif name == "wp:comment":
            comments.append(_comment(child))
        elif name not in text:
            text[name] = child.text or ""
    return WxrPost(
        post_id=text.get("wp:post_id", "").strip(),
        post_type=text.get("wp:post_type", "post").strip(),
        title=text.get("title", ""),
        link=text.get("link", "").strip(),
        guid=text.get("guid", "").strip(),
        creator=text.get("dc:creator", "").strip(),
        content=text.get("content:encoded", ""),
        excerpt=text.get("excerpt:encoded", ""),
        slug=text.get("wp:post_name", "").strip(),
        status=text.get("wp:status", "").strip(),
        date=wxr_datetime(
            text.get("wp:post_date_gmt", ""),
            text.get("wp:post_date", ""),
            text.get("pubDate", ""),
        ),
        modified=wxr_datetime(
            text.get("wp:post_modified_gmt", ""), text.get("wp:post_modified", "")
        ),
        comment_status=text.get("wp:comment_status", "open").strip(),
        password=text.get("wp:post_password", ""),
        parent_id=text.get("wp:post_parent", "0").strip(),
        attachment_url=text.get("wp:attachment_url", "").strip(),
        categories=categories,
        tags=tags,
        coauthors=coauthors,
        meta=_meta(element),
        comments=comments,
    )


def _author(element) -> WxrAuthor:
    return WxrAuthor(
        login=child_text(element, "wp:author_login").strip(),
        display_name=child_text(element, "wp:author_display_name").strip(),
        email=child_text(element, "wp:author_email").strip(),
        first_name=child_text(element, "wp:author_first_name").strip(),
        last_name=child_text(element, "wp:author_last_name").strip(),
        author_id=child_text(element, "wp:author_id").strip(),
    )


def _category(element) -> WxrCategory:
    return WxrCategory(
        nicename=child_text(element, "wp:category_nicename").strip(),
        name=child_text(element, "wp:cat_name").strip(),
        parent=child_text(element, "wp:category_parent").strip(),
        description=child_text(element, "wp:category_description"),
        term_id=child_text(element, "wp:term_id").strip(),
    )


def _tag(element) -> WxrTag:
    return WxrTag(
        slug=child_text(element, "wp:tag_slug").strip(),
        name=child_text(element, "wp:tag_name").strip(),
    )


def _term(element) -> WxrCategory | WxrTag | None:
    """<wp:term> (WXR 1.2) repeats categories and tags; other taxonomies are left out."""
    taxonomy = child_text(element, "wp:term_taxonomy").strip()
    slug = child_text(element, "wp:term_slug").strip()
    name = child_text(element, "wp:term_name").strip()
    if taxonomy == "category":
        return WxrCategory(
            nicename=slug,
            name=name,
            parent=child_text(element, "wp:term_parent").strip(),
            description=child_text(element, "wp:term_description"),
            term_id=child_text(element, "wp:term_id").strip(),
        )
    if taxonomy == "post_tag":
        return WxrTag(slug=slug, name=name)
    return None


SITE_FIELDS = {
    "title": "title",
    "link": "link",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
    "wp:wxr_version": "wxr_version",
}
READERS = {
    "wp:author": _author,
    "wp:category": _category,
    "wp:tag": _tag,
    "wp:term": _term,
    "item": _post,
}


def wxr_read(
    stream: BinaryIO, *, on_read: Callable[[int], object] | None = None
) -> Iterator[WxrSite | WxrAuthor | WxrCategory | WxrTag | WxrPost]:
    """
    The records of a WXR file in file order, the WxrSite first. Raises
    ImportFileError when the file is unsafe, not XML, or not a WordPress export.
    """
    site = WxrSite()
    site_sent = False
    for element in xml_records(stream, depth=2, on_read=on_read):
        name = local_name(element.tag)
        reader = READERS.get(name)
        if reader is None:
            if name in SITE_FIELDS and not site_sent:
                setattr(site, SITE_FIELDS[name], (element.text or "").strip())
            continue
        if not site_sent:
            if not site.wxr_version:
                raise ImportFileError(NOT_WXR)
            site_sent = True
            yield site
        record = reader(element)
        if record is not None:
            yield record
    if not site_sent:
        if not site.wxr_version:
            raise ImportFileError(NOT_WXR)
        yield site
