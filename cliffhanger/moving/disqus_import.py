"""
Import the comments of a Disqus export onto the articles they were about.

    with open(path, "rb") as stream:
        report = disqus_import(stream=stream)

`manage.py import_disqus FILE` is the command-line face of this.

- **Threads to articles, by address.** A thread's <link> is looked up as an
  old address that an import redirected to an article (/2022/09/slug/,
  /?p=123), then as an article's address here; failing both, a thread
  identifier of the WordPress plugin's form ("123 https://…/?p=123") names
  the imported post. A thread that matches nothing is reported, with its
  comments.
- **Comments.** Threading, dates, names and emails are kept, IP addresses
  only as salted hashes; deleted comments are stored as removed, spam as
  spam, unapproved ones as pending. A comment whose parent comes later in
  the file waits for it; one whose parent never comes is kept top-level.
  Comments that WordPress had synced from Disqus (and were imported from the
  WordPress export with their Disqus id) are updated, not duplicated.
- **Streaming, idempotent, a transaction per comment**, as for WordPress;
  each article's numbering and counts are put right at the end, once.
"""

from collections.abc import Callable
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone

from cliffhanger.discussion.models import CommentStatus
from cliffhanger.discussion.services import discussion_settings_set

from .comments_import import CommentRecord, comments_import, discussion_renumber
from .disqus import DisqusPost, DisqusThread, disqus_read
from .models import ImportedItem, ImportedKind, ImportSource
from .permalinks import article_for_address, article_for_wordpress_id
from .report import ImportReport
from .xml_stream import ImportFileError

DISQUS_ORIGIN = "disqus.com"
THREAD_NO_ARTICLE = "no article here for its address ({link})"
THREAD_UNKNOWN = "its thread {thread} is not in the export"
THREAD_SKIPPED = "its thread {thread} has no article here"
DELETED_THREAD = "the thread was deleted in Disqus"


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _status(post: DisqusPost) -> tuple[str, str]:
    if post.is_spam:
        return CommentStatus.SPAM, "spam"
    if post.is_deleted:
        return CommentStatus.REMOVED, "deleted"
    if not post.is_approved:
        return CommentStatus.PENDING, "unapproved"
    return CommentStatus.APPROVED, "approved"


class _DisqusImport:
    def __init__(self, report: ImportReport):
        self.report = report
        self.articles: dict[str, object] = {}  # thread dsq:id → article, or None
        self.identifiers: dict[str, str] = {}  # thread identifier → dsq:id
        self.thread_dates: dict[str, object] = {}
        self.waiting: dict[str, list[DisqusPost]] = {}
        self.touched: dict[int, object] = {}

    def thread(self, thread: DisqusThread) -> None:
        ref = f"thread {thread.dsq_id} {thread.link or thread.identifier}"
        if thread.identifier:
            self.identifiers.setdefault(thread.identifier, thread.dsq_id)
        article = article_for_address(thread.link) if thread.link else None
        if article is None and thread.identifier.split(" ")[0].isdigit():
            article = article_for_wordpress_id(thread.identifier.split(" ")[0])
        self.articles[thread.dsq_id] = article
        self.thread_dates[thread.dsq_id] = thread.created_at
        if article is None:
            reason = DELETED_THREAD if thread.is_deleted else None
            self.report.skip(
                "threads", ref, reason or THREAD_NO_ARTICLE.format(link=thread.link)
            )
            return
        self.report.count("threads", "created")
        if thread.is_closed:
            with transaction.atomic():
                discussion_settings_set(article=article, closed=True)

    def post(self, post: DisqusPost) -> None:
        ref = f"comment {post.dsq_id}"
        dsq_id = post.thread_ref
        if dsq_id not in self.articles:
            dsq_id = self.identifiers.get(post.thread_ref, "")
        if dsq_id not in self.articles:
            self.report.skip(
                "comments", ref, THREAD_UNKNOWN.format(thread=post.thread_ref)
            )
            return
        article = self.articles[dsq_id]
        if article is None:
            self.report.skip("comments", ref, THREAD_SKIPPED.format(thread=dsq_id))
            return
        if post.parent_ref and not self._known(post.parent_ref):
            self.waiting.setdefault(post.parent_ref, []).append(post)
            return
        self._import(post, article, dsq_id)

    def _known(self, dsq_id: str) -> bool:
        return ImportedItem.objects.filter(
            source=ImportSource.DISQUS,
            origin=DISQUS_ORIGIN,
            kind=ImportedKind.COMMENT,
            external_id=dsq_id,
        ).exists()

    def _import(self, post: DisqusPost, article, dsq_id: str) -> None:
        pending = [(post, article, dsq_id)]
        while pending:
            post, article, dsq_id = pending.pop()
            if self._import_one(post, article, dsq_id):
                for child in self.waiting.pop(post.dsq_id, []):
                    pending.append((child, article, dsq_id))

    def _import_one(self, post: DisqusPost, article, dsq_id: str) -> bool:
        ref = f"comment {post.dsq_id}"
        status, source_status = _status(post)
        record = CommentRecord(
            external_id=post.dsq_id,
            parent_id=post.parent_ref,
            author_name=post.author_name or post.author_username,
            author_email=post.author_email,
            author_url="",
            ip_address=post.ip_address,
            created_at=post.created_at
            or self.thread_dates.get(dsq_id)
            or timezone.now(),
            html=post.message,
            status=status,
            source_status=source_status,
        )
        try:
            with transaction.atomic():
                outcome = comments_import(
                    article=article,
                    records=[record],
                    source=ImportSource.DISQUS,
                    origin=DISQUS_ORIGIN,
                )
        except Exception as error:  # one bad comment must not stop the import
            self.report.skip("comments", ref, _error_text(error))
            return False
        for _, reason in outcome.skipped:
            self.report.skip("comments", ref, reason)
        for _, note in outcome.notes:
            self.report.note(note, ref)
        self.report.count("comments", "created", outcome.created)
        self.report.count("comments", "updated", outcome.updated)
        self.report.count("comments", "unchanged", outcome.unchanged)
        if outcome.changed:
            self.touched[article.pk] = article
        return not outcome.skipped

    def finish(self) -> None:
        # Parents that never came: their replies are kept as top-level comments.
        while self.waiting:
            # Start from the top of what is left, so replies follow their parents.
            waiting_ids = {
                post.dsq_id for posts in self.waiting.values() for post in posts
            }
            parent = next(
                (key for key in self.waiting if key not in waiting_ids),
                next(iter(self.waiting)),
            )
            for post in self.waiting.pop(parent):
                dsq_id = post.thread_ref
                if dsq_id not in self.articles:
                    dsq_id = self.identifiers.get(post.thread_ref, "")
                self._import(post, self.articles[dsq_id], dsq_id)
        for article in self.touched.values():
            with transaction.atomic():
                discussion_renumber(article=article)
            self.report.count("discussions", "updated")


def disqus_import(
    *,
    stream: BinaryIO,
    on_read: Callable[[int], object] | None = None,
    on_skip: Callable[[str], object] | None = None,
) -> ImportReport:
    """
    Import a Disqus export. Returns the report; a file that cannot be read on
    ends the import with `report.file_error`, keeping what came before (the
    touched articles' counts are still put right).
    """
    report = ImportReport(on_skip=on_skip)
    run = _DisqusImport(report)
    try:
        for record in disqus_read(stream, on_read=on_read):
            if isinstance(record, DisqusThread):
                run.thread(record)
            else:
                run.post(record)
    except ImportFileError as error:
        report.file_error = str(error)
    run.finish()
    return report
