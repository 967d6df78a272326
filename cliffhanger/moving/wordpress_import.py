"""
Import a WordPress site from its export (WXR): authors, categories as
sections, posts as articles with their tags, featured images and comments,
and a 301 from every old permalink.

    with open(path, "rb") as stream:
        report = wordpress_import(stream=stream)
    print("\n".join(report.lines()))

`manage.py import_wordpress FILE` is the command-line face of this.

- **Streaming.** The file is read twice, record by record: once for the
  attachments (a post's featured image is usually an attachment written after
  it), once for everything else. Memory holds one post and its comments,
  plus the site's authors, categories and attachment addresses.
- **Idempotent.** What each WordPress object became is recorded
  (ImportedItem, keyed by the site's address and the WordPress id). Running
  the import again updates what changed in the export and leaves the rest
  alone: nothing is duplicated.
- **A transaction per post.** A post that cannot be imported is rolled back,
  reported with the reason, and the import goes on; the report lists it.
- **What becomes what.** Posts with status publish are published (dated as
  on the old site), future ones scheduled, drafts and pending ones drafts;
  private posts become drafts too (noted). Trashed posts and auto-drafts,
  WordPress pages, menus and other post types are skipped (reported). A
  post goes in the section of its primary category (Yoast's, else the first
  listed), or in "Uncategorized". Pingbacks and trackbacks are skipped;
  comments keep their threading, dates, names, emails, websites and status
  (approved; held → pending; spam; trash → removed). IP addresses are kept
  only as salted hashes.
"""

import hashlib
import html
import json
from collections.abc import Callable
from typing import BinaryIO
from urllib.parse import unquote, urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cliffhanger.discussion.models import CommentStatus
from cliffhanger.newsroom.models import HomePage

from .articles_import import ArticleSpec, ArticleState, article_create, article_update
from .authors_import import author_ensure, author_slug
from .comments_import import CommentRecord, comments_import, discussion_renumber
from .html_blocks import html_to_blocks, plain_text
from .mappings import imported_get, imported_record
from .models import ImportedKind, ImportSource
from .permalinks import post_old_paths, redirect_ensure
from .report import ImportReport
from .sections_import import section_ensure, section_slug
from .wxr import WxrAuthor, WxrCategory, WxrComment, WxrPost, WxrSite, wxr_read
from .xml_stream import ImportFileError, child_text, local_name, xml_records

DISQUS_ORIGIN = "disqus.com"
DEFAULT_CATEGORY = ("uncategorized", "Uncategorized")
CATEGORY_BASE = "/category/"
IMAGE_URL_MAX = 500
NO_HOME_PAGE = "There is no home page to import under: run `manage.py migrate` first."

STATES = {
    "publish": ArticleState.LIVE,
    "future": ArticleState.SCHEDULED,
    "draft": ArticleState.DRAFT,
    "pending": ArticleState.DRAFT,
    "private": ArticleState.DRAFT,
}
SKIPPED_STATUSES = {
    "trash": "in WordPress's trash",
    "auto-draft": "an auto-draft WordPress made, never written",
    "inherit": "a revision of another post",
}
POST_TYPE_SKIPPED = {
    "page": "a WordPress page: there is no page type for it here",
}
NOT_CONTENT = "not an article (WordPress post type {post_type})"
COMMENT_STATUSES = {
    "1": CommentStatus.APPROVED,
    "approve": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "hold": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.REMOVED,
    "post-trashed": CommentStatus.REMOVED,
}
NOT_A_COMMENT = "a {kind}, not a reader's comment"

NOTE_PRIVATE = "private post: imported as a draft"
NOTE_UNTITLED = "post without a title: titled “Untitled”"
NOTE_SLUG_TAKEN = "slug already used in its section: given a -2, -3… ending"
NOTE_NO_DATE = "published post without a date: dated now"
NOTE_IMAGE_NO_ALT = "image without alt text: an editor must add it before saving"
NOTE_IMAGE_DROPPED = "image with no usable address: left out"
NOTE_QUOTE_NO_PERSON = "quote without a <cite>: an editor must name who said it"
NOTE_COMMENT_STATUS = "comment with an unknown status: held for moderation"


def site_origin(address: str) -> str:
    """A site's address as an import key: no scheme, no www., no trailing slash."""
    parts = urlsplit(address.strip().lower())
    host = parts.netloc.removeprefix("www.")
    return (host + parts.path).rstrip("/") or address.strip().lower()


def uploads_rewrite(url: str, *, site_url: str, uploads_url: str) -> str:
    """
    An address in the old site's wp-content/uploads/ moved to `uploads_url`
    (where those files are served now); any other address as it is.
    """
    parts, site = urlsplit(url), urlsplit(site_url)
    uploads_path = site.path.rstrip("/") + "/wp-content/uploads/"
    same_host = parts.netloc.lower().removeprefix(
        "www."
    ) == site.netloc.lower().removeprefix("www.")
    if not (same_host and parts.path.startswith(uploads_path)):
        return url
    rest = parts.path[len(uploads_path) :] + (f"?{parts.query}" if parts.query else "")
    return uploads_url.rstrip("/") + "/" + rest


def _fingerprint(value) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return f"{type(error).__name__}: {error}"


def attachments_read(
    stream: BinaryIO, *, on_read: Callable[[int], object] | None = None
) -> dict[str, tuple[str, str]]:
    """Every attachment's address and alt text, by WordPress id (the first pass)."""
    attachments = {}
    for element in xml_records(stream, depth=2, on_read=on_read):
        if local_name(element.tag) != "item":
            continue
        if child_text(element, "wp:post_type").strip() != "attachment":
            continue
        post_id = child_text(element, "wp:post_id").strip()
        url = child_text(element, "wp:attachment_url") or child_text(element, "guid")
        alt = ""
        for child in element:
            if (
                local_name(child.tag) == "wp:postmeta"
                and child_text(child, "wp:meta_key") == "_wp_attachment_image_alt"
            ):
                alt = child_text(child, "wp:meta_value")
        attachments[post_id] = (url.strip(), " ".join(alt.split()))
    return attachments


class _WordPressImport:
    def __init__(self, *, report: ImportReport, attachments, uploads_url: str):
        self.report = report
        self.attachments = attachments
        self.uploads_url = uploads_url.rstrip("/")
        self.site = WxrSite()
        self.origin = ""
        self.home = HomePage.objects.first()
        if self.home is None:
            raise ImportFileError(NO_HOME_PAGE)
        self.categories: dict[str, WxrCategory] = {}
        self.term_ids: dict[str, str] = {}
        self.sections: dict[str, object] = {}
        self.authors: dict[str, object] = {}
        self.author_records: dict[str, WxrAuthor] = {}
        self.logins_by_nicename: dict[str, str] = {}
        self.categories_done = False

    # --- records ----------------------------------------------------------

    def handle(self, record) -> None:
        if isinstance(record, WxrSite):
            self.site = record
            self.origin = site_origin(record.address or record.base_site_url)
        elif isinstance(record, WxrAuthor):
            self.author_records[record.login] = record
            self.logins_by_nicename[author_slug(record.login, fallback="")] = (
                record.login
            )
            self._author_for_login(record.login)
        elif isinstance(record, WxrCategory):
            if record.nicename:
                self.categories[record.nicename] = record
                if record.term_id:
                    self.term_ids[record.term_id] = record.nicename
        elif isinstance(record, WxrPost):
            if not self.categories_done:
                self.categories_done = True
                for nicename in list(self.categories):
                    self._section_for_category(nicename)
            self.post(record)

    def finish(self) -> None:
        if not self.categories_done:
            for nicename in list(self.categories):
                self._section_for_category(nicename)

    def _guarded(self, kind: str, ref: str, function, *args):
        """`function(*args)` in its own transaction; a failure is a reported skip."""
        try:
            with transaction.atomic():
                return function(*args)
        except Exception as error:  # one bad record must not stop the import
            self.report.skip(kind, ref, _error_text(error))
            return None

    # --- authors and sections ---------------------------------------------

    def _author(self, record: WxrAuthor):
        login = record.login
        item = imported_get(
            source=ImportSource.WORDPRESS,
            origin=self.origin,
            kind=ImportedKind.AUTHOR,
            external_id=login,
        )
        author, outcome = author_ensure(
            slug=author_slug(login, fallback=f"author-{record.author_id or 'x'}"),
            name=record.display_name
            or " ".join(filter(None, [record.first_name, record.last_name]))
            or login,
            author=item.author if item else None,
        )
        if item is None:
            imported_record(
                source=ImportSource.WORDPRESS,
                origin=self.origin,
                kind=ImportedKind.AUTHOR,
                external_id=login,
                target=author,
            )
        self.report.count("authors", outcome)
        return author

    def _author_for_login(self, login: str, name: str = ""):
        """The byline for a login, made once (None, once reported, when it cannot be)."""
        if login not in self.authors:
            record = self.author_records.get(login) or WxrAuthor(
                login=login, display_name=name or login
            )
            self.authors[login] = self._guarded(
                "authors", f"author {login}", self._author, record
            )
        return self.authors[login]

    def _section_for_category(self, nicename: str, visiting: frozenset = frozenset()):
        if nicename in self.sections:
            return self.sections[nicename]
        category = self.categories.get(nicename) or WxrCategory(
            nicename=nicename, name=unquote(nicename)
        )
        parent = self.home
        if category.parent and category.parent != nicename:
            if category.parent in visiting:  # a loop of parents: stop here
                self.report.note(
                    "category whose parents loop: placed at the top", nicename
                )
            else:
                parent = self._section_for_category(
                    category.parent, visiting | {nicename}
                )
                if parent is None:
                    return None
        section = self._guarded(
            "sections", f"category {nicename}", self._section, category, parent
        )
        self.sections[nicename] = section
        return section

    def _section(self, category: WxrCategory, parent):
        item = imported_get(
            source=ImportSource.WORDPRESS,
            origin=self.origin,
            kind=ImportedKind.SECTION,
            external_id=category.nicename,
        )
        if item is not None:
            self.report.count("sections", "unchanged")
            return item.page.specific
        slug = section_slug(unquote(category.nicename), fallback="section")
        section, outcome = section_ensure(
            parent=parent,
            slug=slug,
            title=html.unescape(category.name) or slug,
            intro=plain_text(category.description, limit=250),
        )
        if section.slug != slug:
            self.report.note(
                f"section slug taken by the site's own pages: used {section.slug}",
                f"category {category.nicename}",
            )
        imported_record(
            source=ImportSource.WORDPRESS,
            origin=self.origin,
            kind=ImportedKind.SECTION,
            external_id=category.nicename,
            target=section,
        )
        self.report.count("sections", "created" if outcome == "created" else "updated")
        path = CATEGORY_BASE + "/".join(self._category_path(category.nicename)) + "/"
        self._redirect(self._blog_path() + path, section)
        return section

    def _category_path(self, nicename: str) -> list[str]:
        path, seen = [], set()
        while nicename and nicename not in seen:
            seen.add(nicename)
            path.insert(0, nicename)
            category = self.categories.get(nicename)
            nicename = category.parent if category else ""
        return path

    def _blog_path(self) -> str:
        return urlsplit(self.site.address).path.rstrip("/")

    def _redirect(self, old_path: str, page) -> None:
        outcome = redirect_ensure(old_path=old_path, page=page)
        if outcome != "skipped":
            self.report.count("redirects", outcome)

    # --- posts ------------------------------------------------------------

    def post(self, post: WxrPost) -> None:
        title = html.unescape(post.title).strip()
        ref = f"post {post.post_id} “{title[:60]}”"
        if post.post_type == "attachment":
            return
        if post.post_type != "post":
            reason = POST_TYPE_SKIPPED.get(post.post_type) or NOT_CONTENT.format(
                post_type=post.post_type
            )
            self.report.skip("articles", ref, reason)
            return
        if post.status in SKIPPED_STATUSES or post.status not in STATES:
            reason = SKIPPED_STATUSES.get(
                post.status, f"unknown status {post.status!r}"
            )
            self.report.skip("articles", ref, reason)
            return
        section = self._section_for_post(post)
        if section is None:
            self.report.skip(
                "articles", ref, "its section could not be made (see above)"
            )
            return
        authors = [
            author
            for author in (
                self._author_for_login(login, name)
                for login, name in self._logins(post)
            )
            if author is not None
        ]
        try:
            with transaction.atomic():
                self._post(post, title, ref, section, authors)
        except Exception as error:  # a broken post is skipped, the rest imported
            self.report.skip("articles", ref, _error_text(error))

    def _logins(self, post: WxrPost) -> list[tuple[str, str]]:
        logins = [(post.creator, "")] if post.creator else []
        for nicename, name in post.coauthors:
            # Co-Authors Plus names an author by "cap-" and the login made a slug.
            login = nicename.removeprefix("cap-")
            login = self.logins_by_nicename.get(login, login)
            if login and login not in [known for known, _ in logins]:
                logins.append((login, html.unescape(name)))
        return logins

    def _section_for_post(self, post: WxrPost):
        nicenames = [nicename for nicename, _ in post.categories if nicename]
        primary = self.term_ids.get(post.meta.get("_yoast_wpseo_primary_category", ""))
        if primary in nicenames:
            nicenames.remove(primary)
            nicenames.insert(0, primary)
        if not nicenames:
            nicename, name = DEFAULT_CATEGORY
            self.categories.setdefault(
                nicename, WxrCategory(nicename=nicename, name=name)
            )
            return self._section_for_category(nicename)
        for nicename, name in post.categories:
            self.categories.setdefault(
                nicename, WxrCategory(nicename=nicename, name=html.unescape(name))
            )
        return self._section_for_category(nicenames[0])

    def _image_url(self, src: str) -> str | None:
        src = (src or "").strip()
        if not src:
            return None
        url = urljoin(self.site.address + "/", src)
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        if self.uploads_url:
            url = uploads_rewrite(
                url,
                site_url=self.site.base_site_url or self.site.address,
                uploads_url=self.uploads_url,
            )
        return url if len(url) <= IMAGE_URL_MAX else None

    def _data(self, post: WxrPost) -> dict:
        """What the import records beside the article (ImportedItem.data)."""
        sections = [self.sections.get(nicename) for nicename, _ in post.categories]
        data = {
            "link": post.link,
            "status": post.status,
            # The other categories' sections: an article has one section here.
            "sections": [section.pk for section in sections if section is not None],
        }
        thumbnail = self.attachments.get(post.meta.get("_thumbnail_id", ""))
        url = self._image_url(thumbnail[0]) if thumbnail else None
        if url:
            data["featured_image"] = {"url": url, "alt": thumbnail[1]}
        return data

    def _spec(
        self, post: WxrPost, title: str, ref: str, authors, data: dict
    ) -> ArticleSpec:
        """The article as the post says it should be; notes what an editor may want to check."""
        report = self.report
        state = STATES[post.status]
        if post.status == "private":
            report.note(NOTE_PRIVATE, ref)
        if not title:
            title = "Untitled"
            report.note(NOTE_UNTITLED, ref)
        published_at = post.date
        if published_at is None and state != ArticleState.DRAFT:
            published_at = timezone.now()
            report.note(NOTE_NO_DATE, ref)
        body = html_to_blocks(post.content, image_url=self._image_url)
        for name in dict.fromkeys(body.unknown_shortcodes):
            report.shortcode(name, ref)
        for count, note in (
            (body.images_without_alt, NOTE_IMAGE_NO_ALT),
            (body.images_dropped, NOTE_IMAGE_DROPPED),
            (body.quotes_without_person, NOTE_QUOTE_NO_PERSON),
        ):
            if count:
                report.note(note, ref)
        return ArticleSpec(
            title=title,
            slug=self._slug(post, title),
            body=body.blocks,
            state=state,
            published_at=published_at,
            modified_at=post.modified,
            dek=plain_text(post.excerpt, limit=300),
            tags=[html.unescape(name).strip() for _, name in post.tags if name.strip()],
            authors=authors,
            featured_image_alt=data.get("featured_image", {}).get("alt", ""),
            password=post.password,
            comments_closed=post.comment_status == "closed",
        )

    def _slug(self, post: WxrPost, title: str) -> str:
        slug = unquote(post.slug).strip().lower()
        try:
            validate_unicode_slug(slug)
        except ValidationError:
            slug = slugify(slug, allow_unicode=True)
        return slug or slugify(title, allow_unicode=True) or f"post-{post.post_id}"

    def _post(self, post: WxrPost, title: str, ref: str, section, authors) -> None:
        data = self._data(post)
        fingerprint = _fingerprint(
            [
                post.title,
                post.slug,
                post.content,
                post.excerpt,
                post.status,
                post.date,
                post.modified,
                post.categories,
                post.tags,
                [author.pk for author in authors],
                data,
                post.comment_status,
                post.password,
                section.pk,
                self.uploads_url,
            ]
        )
        item = imported_get(
            source=ImportSource.WORDPRESS,
            origin=self.origin,
            kind=ImportedKind.ARTICLE,
            external_id=post.post_id,
        )
        if item is not None and item.fingerprint == fingerprint:
            self._comments(post, item.page.specific)
            self.report.count("articles", "unchanged")
            return
        spec = self._spec(post, title, ref, authors, data)
        renamed = False
        if item is not None:
            page, renamed = article_update(
                page=item.page.specific, section=section, spec=spec
            )
            outcome = "updated"
        else:
            page, renamed = article_create(section=section, spec=spec)
            outcome = "created"
        if renamed:
            self.report.note(NOTE_SLUG_TAKEN, f"{ref} → {page.slug}")
        imported_record(
            source=ImportSource.WORDPRESS,
            origin=self.origin,
            kind=ImportedKind.ARTICLE,
            external_id=post.post_id,
            target=page,
            fingerprint=fingerprint,
            data=data,
        )
        for old_path in self._old_paths(post):
            self._redirect(old_path, page)
        self._comments(post, page)
        self.report.count("articles", outcome)

    def _old_paths(self, post: WxrPost) -> list[str]:
        return post_old_paths(
            link=post.link,
            guid=post.guid,
            post_id=post.post_id,
            blog_address=self.site.address,
        )

    def _comments(self, post: WxrPost, page) -> None:
        records = []
        for comment in post.comments:
            ref = f"comment {comment.comment_id} on post {post.post_id}"
            if comment.comment_type in ("pingback", "trackback"):
                self.report.skip(
                    "comments", ref, NOT_A_COMMENT.format(kind=comment.comment_type)
                )
                continue
            records.append(self._comment_record(comment, post, ref))
        if not records:
            return
        outcome = comments_import(
            article=page,
            records=records,
            source=ImportSource.WORDPRESS,
            origin=self.origin,
        )
        for external_id, reason in outcome.skipped:
            self.report.skip(
                "comments", f"comment {external_id} on post {post.post_id}", reason
            )
        for external_id, note in outcome.notes:
            self.report.note(note, f"comment {external_id} on post {post.post_id}")
        self.report.count("comments", "created", outcome.created)
        self.report.count("comments", "updated", outcome.updated)
        self.report.count("comments", "unchanged", outcome.unchanged)
        if outcome.changed:
            discussion_renumber(article=page)

    def _comment_record(
        self, comment: WxrComment, post: WxrPost, ref: str
    ) -> CommentRecord:
        status = COMMENT_STATUSES.get(comment.approved)
        if status is None:
            status = CommentStatus.PENDING
            self.report.note(NOTE_COMMENT_STATUS, ref)
        aliases = ()
        if comment.meta.get("dsq_post_id", "").strip():
            aliases = (
                (
                    ImportSource.DISQUS,
                    DISQUS_ORIGIN,
                    comment.meta["dsq_post_id"].strip(),
                ),
            )
        return CommentRecord(
            external_id=comment.comment_id,
            parent_id="" if comment.parent_id in ("", "0") else comment.parent_id,
            author_name=html.unescape(comment.author),
            author_email=comment.author_email,
            author_url=comment.author_url,
            ip_address=comment.author_ip,
            created_at=comment.date or post.date or timezone.now(),
            html=comment.content,
            status=status,
            source_status=comment.approved,
            aliases=aliases,
        )


def wordpress_import(
    *,
    stream: BinaryIO,
    on_read: Callable[[int], object] | None = None,
    on_skip: Callable[[str], object] | None = None,
    uploads_url: str = "",
) -> ImportReport:
    """
    Import a WXR file (a seekable binary stream: it is read twice). Returns
    the report. A file that cannot be read to its end (unsafe, malformed, not
    WXR) is found out by the first pass, so nothing is imported from it:
    `report.file_error` says why. `uploads_url` is where the old site's wp-content/uploads
    now lives, for the addresses of its images (kept as they are without it).
    """
    report = ImportReport(on_skip=on_skip)
    try:
        attachments = attachments_read(stream, on_read=on_read)
        stream.seek(0)
        run = _WordPressImport(
            report=report, attachments=attachments, uploads_url=uploads_url
        )
        for record in wxr_read(stream, on_read=on_read):
            run.handle(record)
        run.finish()
    except ImportFileError as error:
        report.file_error = str(error)
    return report
