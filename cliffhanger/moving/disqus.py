"""
A Disqus export (Admin › Moderation › Export), read as a stream of plain
records; nothing here touches the database.

    for record in disqus_read(stream):
        match record:
            case DisqusThread(): ...   # a page that had comments: its URL
            case DisqusPost(): ...     # one comment, pointing at its thread and parent

Disqus writes its categories, then every thread, then every post. A post
names its thread and parent by Disqus id (<thread dsq:id="…"/>), or, in
files written for Disqus's importer, by the thread's own identifier as text.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from .xml_stream import ImportFileError, child_text, local_name, xml_records

NOT_DISQUS = (
    "This is not a Disqus export: it has no <thread> or <post> records in the "
    "http://disqus.com namespace."
)
DSQ_ID = "{http://disqus.com/disqus-internals}id"


@dataclass
class DisqusThread:
    dsq_id: str
    identifier: (
        str  # the site's own id for the page, e.g. "123 https://example.com/?p=123"
    )
    link: str
    title: str
    created_at: datetime | None
    is_closed: bool
    is_deleted: bool


@dataclass
class DisqusPost:
    dsq_id: str
    thread_ref: str  # the thread's dsq:id, or its identifier when there is none
    parent_ref: str  # the parent post's dsq:id, or "" for a top-level comment
    message: str  # HTML
    created_at: datetime | None
    author_name: str
    author_email: str
    author_username: str
    ip_address: str
    is_deleted: bool
    is_spam: bool
    is_approved: bool


def disqus_datetime(text: str) -> datetime | None:
    """Disqus's ISO 8601 times, UTC when no offset is given."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _flag(text: str, default: bool = False) -> bool:
    text = (text or "").strip().lower()
    return default if not text else text == "true"


def _reference(element, name: str) -> str:
    for child in element:
        if local_name(child.tag) == name:
            return (child.get(DSQ_ID) or child.text or "").strip()
    return ""


def _author(element) -> dict[str, str]:
    for child in element:
        if local_name(child.tag) == "author":
            return {
                "name": child_text(child, "name").strip(),
                "email": child_text(child, "email").strip(),
                "username": child_text(child, "username").strip(),
            }
    return {"name": "", "email": "", "username": ""}


def _thread(element) -> DisqusThread:
    return DisqusThread(
        dsq_id=(element.get(DSQ_ID) or "").strip(),
        identifier=child_text(element, "id").strip(),
        link=child_text(element, "link").strip(),
        title=child_text(element, "title").strip(),
        created_at=disqus_datetime(child_text(element, "createdAt")),
        is_closed=_flag(child_text(element, "isClosed")),
        is_deleted=_flag(child_text(element, "isDeleted")),
    )


def _post(element) -> DisqusPost:
    author = _author(element)
    return DisqusPost(
        dsq_id=(element.get(DSQ_ID) or child_text(element, "id")).strip(),
        thread_ref=_reference(element, "thread"),
        parent_ref=_reference(element, "parent"),
        message=child_text(element, "message"),
        created_at=disqus_datetime(child_text(element, "createdAt")),
        author_name=author["name"],
        author_email=author["email"],
        author_username=author["username"],
        ip_address=child_text(element, "ipAddress").strip(),
        is_deleted=_flag(child_text(element, "isDeleted")),
        is_spam=_flag(child_text(element, "isSpam")),
        is_approved=_flag(child_text(element, "isApproved"), default=True),
    )


def disqus_read(
    stream: BinaryIO, *, on_read: Callable[[int], object] | None = None
) -> Iterator[DisqusThread | DisqusPost]:
    """
    Threads and posts in file order. Raises ImportFileError when the file is
    unsafe, not XML, or holds no Disqus records at all.
    """
    seen = False
    for element in xml_records(stream, depth=1, on_read=on_read):
        tag = element.tag
        if tag == "{http://disqus.com}thread":
            seen = True
            yield _thread(element)
        elif tag == "{http://disqus.com}post":
            seen = True
            yield _post(element)
        elif tag == "{http://disqus.com}category":
            seen = True
    if not seen:
        raise ImportFileError(NOT_DISQUS)
