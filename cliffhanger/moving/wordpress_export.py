"""
Export the newsroom as a WordPress export file (WXR 1.2), which WordPress's
importer (Tools › Import › WordPress) reads, and so does import_wordpress.

    with open("site.xml", "w", encoding="utf-8") as out:
        summary = wordpress_export(out=out, base_url="https://example.com")

- authors → <wp:author> (login = the author's slug);
- sections → categories (nicename = slug, parents kept);
- articles → posts: published ones "publish", scheduled ones "future" with
  their go-live date, the rest drafts with their latest draft. Each post's
  category is its section (plus the other categories an import recorded),
  its tags, its first author as dc:creator and the others as Co-Authors Plus
  bylines, its dek as the excerpt, its body as HTML (blocks_html.py), its
  password, whether comments are closed, and its featured image as an
  attachment;
- comments → <wp:comment> with threading, dates, names, emails, websites and
  status (approved 1, pending 0, spam, removed trash). Addresses were never
  stored, so there are none to export.

It is written as it is read, article by article, so memory does not grow with
the site. The file holds readers' email addresses: treat it as personal data.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import format_datetime
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cliffhanger.discussion.models import ArticleDiscussion, Comment, CommentStatus
from cliffhanger.newsroom.models import ArticlePage, Author, SectionPage

from .blocks_html import body_html
from .models import ImportedItem, ImportedKind, ImportSource
from .permalinks import page_path

NAMESPACES = (
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/"'
)
COMMENT_APPROVED = {
    CommentStatus.APPROVED: "1",
    CommentStatus.PENDING: "0",
    CommentStatus.SPAM: "spam",
    CommentStatus.REMOVED: "trash",
}
# Characters XML 1.0 does not allow, even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CHUNK = 200
BETWEEN_TAGS = re.compile(r">\n+<")
BREAK_NEWLINE = re.compile(r"(<br\s*/?>)\n")


@dataclass
class ExportSummary:
    authors: int = 0
    categories: int = 0
    tags: int = 0
    posts: int = 0
    comments: int = 0
    attachments: int = 0
    blocks_left_out: Counter = field(default_factory=Counter)


def cdata(text) -> str:
    """Text as CDATA, a "]]>" inside split the way WordPress does it."""
    text = NOT_XML.sub("", str(text or ""))
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text(text) -> str:
    return escape(NOT_XML.sub("", str(text or "")))


def _one_line(html: str) -> str:
    """
    Stored comment HTML without the newlines between its tags: WordPress
    would show each of them as one more line break.
    """
    return BETWEEN_TAGS.sub("><", BREAK_NEWLINE.sub(r"\1", html)).strip()


def _date(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if value else ""


class _Writer:
    def __init__(self, out: TextIO, base_url: str):
        self.out = out
        self.base_url = base_url.rstrip("/")
        self.summary = ExportSummary()
        self.nicenames: dict[int, str] = {}
        self.section_titles: dict[int, str] = {}
        self.term_ids: dict[int, int] = {}

    def line(self, text: str) -> None:
        self.out.write(text + "\n")

    def element(self, name: str, value, *, raw: bool = False, indent: int = 2) -> None:
        body = value if raw else cdata(value)
        self.line("\t" * indent + f"<{name}>{body}</{name}>")

    # --- channel ----------------------------------------------------------

    def header(self) -> None:
        self.line('<?xml version="1.0" encoding="UTF-8" ?>')
        self.line(f'<rss version="2.0" {NAMESPACES}>')
        self.line("<channel>")
        self.element("title", _text(settings.WAGTAIL_SITE_NAME), raw=True, indent=1)
        self.element("link", _text(self.base_url), raw=True, indent=1)
        self.element("description", "", raw=True, indent=1)
        self.element("pubDate", format_datetime(timezone.now()), raw=True, indent=1)
        self.element("language", _text(settings.LANGUAGE_CODE), raw=True, indent=1)
        self.element("wp:wxr_version", "1.2", raw=True, indent=1)
        self.element("wp:base_site_url", _text(self.base_url), raw=True, indent=1)
        self.element("wp:base_blog_url", _text(self.base_url), raw=True, indent=1)

    def authors(self) -> None:
        for number, author in enumerate(Author.objects.order_by("pk"), start=1):
            self.line("\t<wp:author>")
            self.element("wp:author_id", number, raw=True)
            self.element("wp:author_login", author.slug)
            self.element("wp:author_email", "")
            self.element("wp:author_display_name", author.name)
            self.element("wp:author_first_name", "")
            self.element("wp:author_last_name", "")
            self.line("\t</wp:author>")
            self.summary.authors += 1

    def categories(self) -> None:
        sections = list(SectionPage.objects.order_by("path"))
        taken = Counter(section.slug for section in sections)
        by_pk = {section.pk: section for section in sections}
        for term_id, section in enumerate(sections, start=1):
            nicename = section.slug
            if taken[nicename] > 1:  # nicenames are unique site-wide in WordPress
                nicename = f"{nicename}-{section.pk}"
            self.nicenames[section.pk] = nicename
            self.term_ids[section.pk] = term_id
            self.section_titles[section.pk] = section.title
        for section in sections:
            parent = section.get_parent()
            self.line("\t<wp:category>")
            self.element("wp:term_id", self.term_ids[section.pk], raw=True)
            self.element("wp:category_nicename", self.nicenames[section.pk])
            self.element(
                "wp:category_parent",
                self.nicenames.get(parent.pk, "") if parent.pk in by_pk else "",
            )
            self.element("wp:cat_name", section.title)
            self.element("wp:category_description", section.intro)
            self.line("\t</wp:category>")
            self.summary.categories += 1

    def tags(self) -> None:
        from taggit.models import Tag

        tags = Tag.objects.filter(newsroom_articlepagetag_items__isnull=False)
        for tag in tags.distinct().order_by("name"):
            self.line("\t<wp:tag>")
            self.element("wp:term_id", tag.pk, raw=True)
            self.element("wp:tag_slug", tag.slug)
            self.element("wp:tag_name", tag.name)
            self.line("\t</wp:tag>")
            self.summary.tags += 1

    # --- posts ------------------------------------------------------------

    def posts(self) -> None:
        closed = set(
            ArticleDiscussion.objects.filter(closed=True).values_list(
                "article_id", flat=True
            )
        )
        passwords = dict(
            PageViewRestriction.objects.filter(
                restriction_type=PageViewRestriction.PASSWORD
            ).values_list("page_id", "password")
        )
        attachment_base = (Page.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        pages = (
            ArticlePage.objects.order_by("path")
            .select_related("featured_image")
            .prefetch_related("article_authors__author", "tags")
        )
        for page in pages.iterator(chunk_size=CHUNK):
            imported = ImportedItem.objects.filter(
                kind=ImportedKind.ARTICLE, page=page, source=ImportSource.WORDPRESS
            ).first()
            self.post(
                page,
                data=imported.data if imported else {},
                closed=page.pk in closed,
                password=passwords.get(page.pk, ""),
                attachment_id=attachment_base + page.pk,
            )

    def post(self, page, *, data: dict, closed: bool, password: str, attachment_id):
        live = page.live
        scheduled = None if live else page.scheduled_revision
        content = page if live else page.get_latest_revision_as_object()
        if scheduled is not None:
            status, date = "future", scheduled.approved_go_live_at
        elif live:
            status, date = "publish", page.first_published_at
        else:
            status, date = "draft", None
        modified = page.last_published_at or page.latest_revision_created_at
        html, left_out = body_html(content.body, base_url=self.base_url)
        self.summary.blocks_left_out.update(left_out)
        authors = [link.author for link in content.article_authors.all()]
        section = page.get_parent()
        featured = self._featured(content, data)

        self.line("\t<item>")
        self.element("title", content.title)
        self.element("link", _text(self.base_url + page_path(page)), raw=True)
        self.element("pubDate", format_datetime(date) if date else "", raw=True)
        self.element("dc:creator", authors[0].slug if authors else "")
        self.line(
            f'\t\t<guid isPermaLink="false">{_text(self.base_url)}/?p={page.pk}</guid>'
        )
        self.element("description", "", raw=True)
        self.element("content:encoded", html)
        self.element("excerpt:encoded", content.dek)
        self.element("wp:post_id", page.pk, raw=True)
        self.element("wp:post_date", _date(date))
        self.element("wp:post_date_gmt", _date(date) or "0000-00-00 00:00:00")
        self.element("wp:post_modified", _date(modified))
        self.element("wp:post_modified_gmt", _date(modified))
        self.element("wp:comment_status", "closed" if closed else "open")
        self.element("wp:ping_status", "closed")
        self.element("wp:post_name", content.slug)
        self.element("wp:status", status)
        self.element("wp:post_parent", 0, raw=True)
        self.element("wp:menu_order", 0, raw=True)
        self.element("wp:post_type", "post")
        self.element("wp:post_password", password)
        self.element("wp:is_sticky", 0, raw=True)
        self._categories(section, data)
        for tag in content.tags.all():
            self._category("post_tag", tag.slug, tag.name)
        for author in authors[1:]:
            self._category("author", f"cap-{author.slug}", author.name)
        if featured:
            self._meta("_thumbnail_id", attachment_id)
        if section.pk in self.term_ids:
            self._meta("_yoast_wpseo_primary_category", self.term_ids[section.pk])
        self._comments(page)
        self.line("\t</item>")
        self.summary.posts += 1
        if featured:
            self._attachment(attachment_id, page, featured)

    def _featured(self, content, data: dict) -> dict | None:
        if content.featured_image is not None:
            url = content.featured_image.file.url
            if url.startswith("/"):
                url = self.base_url + url
            return {"url": url, "alt": content.featured_image_alt}
        recorded = data.get("featured_image")
        if recorded:
            return {"url": recorded["url"], "alt": content.featured_image_alt}
        return None

    def _categories(self, section, data: dict) -> None:
        """The section first, then the other sections an import recorded."""
        pks = [section.pk, *data.get("sections", [])]
        for pk in dict.fromkeys(pk for pk in pks if pk in self.nicenames):
            self._category("category", self.nicenames[pk], self.section_titles[pk])

    def _category(self, domain: str, nicename: str, name: str) -> None:
        self.line(
            f"\t\t<category domain={quoteattr(domain)} nicename="
            f"{quoteattr(NOT_XML.sub('', nicename))}>{cdata(name)}</category>"
        )

    def _meta(self, key: str, value) -> None:
        self.line(
            f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
            f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
        )

    def _comments(self, page) -> None:
        comments = Comment.objects.filter(article=page).order_by("created_at", "pk")
        for comment in comments.iterator(chunk_size=1000):
            self.line("\t\t<wp:comment>")
            self.element("wp:comment_id", comment.pk, raw=True, indent=3)
            self.element("wp:comment_author", comment.author_name, indent=3)
            self.element("wp:comment_author_email", comment.author_email, indent=3)
            self.element(
                "wp:comment_author_url", _text(comment.author_url), raw=True, indent=3
            )
            self.element("wp:comment_author_IP", "", indent=3)
            self.element("wp:comment_date", _date(comment.created_at), indent=3)
            self.element("wp:comment_date_gmt", _date(comment.created_at), indent=3)
            self.element("wp:comment_content", _one_line(comment.body_html), indent=3)
            self.element(
                "wp:comment_approved", COMMENT_APPROVED[comment.status], indent=3
            )
            self.element("wp:comment_type", "comment", indent=3)
            self.element(
                "wp:comment_parent", comment.parent_id or 0, raw=True, indent=3
            )
            self.element("wp:comment_user_id", 0, raw=True, indent=3)
            self.line("\t\t</wp:comment>")
            self.summary.comments += 1

    def _attachment(self, attachment_id: int, page, featured: dict) -> None:
        self.line("\t<item>")
        self.element("title", f"{page.title} (featured image)")
        self.element("link", _text(featured["url"]), raw=True)
        self.element("guid", _text(featured["url"]), raw=True)
        self.element("wp:post_id", attachment_id, raw=True)
        self.element("wp:post_name", f"featured-image-{page.pk}")
        self.element("wp:status", "inherit")
        self.element("wp:post_parent", page.pk, raw=True)
        self.element("wp:post_type", "attachment")
        self.element("wp:attachment_url", featured["url"])
        self._meta("_wp_attachment_image_alt", featured["alt"])
        self.line("\t</item>")
        self.summary.attachments += 1

    def footer(self) -> None:
        self.line("</channel>")
        self.line("</rss>")


def wordpress_export(*, out: TextIO, base_url: str | None = None) -> ExportSummary:
    """
    Write the whole newsroom as WXR to `out` (a text stream, UTF-8).
    `base_url` is the site's address for links (default WAGTAILADMIN_BASE_URL).
    """
    writer = _Writer(out, base_url or settings.WAGTAILADMIN_BASE_URL)
    writer.header()
    writer.authors()
    writer.categories()
    writer.tags()
    writer.line("\t<generator>Cliffhanger</generator>")
    writer.posts()
    writer.footer()
    return writer.summary
