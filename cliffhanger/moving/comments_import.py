"""
Writing imported comments into an article's discussion, from WordPress or
Disqus alike, keeping the discussion's invariants:

- a comment's `root` is its top-level ancestor and its `depth` counts from 0;
  replies deeper than DISCUSSION_MAX_DEPTH attach at the deepest level, as
  replies posted here do;
- top-level comments are numbered 1, 2, 3… in posting order, and the
  article's public count and each comment's reply count are exact:
  `discussion_renumber` puts both right after an import (imported comments
  are usually older than those posted here, so numbers can move);
- an imported comment is stored as Markdown and rendered like any other, so
  the sanitizer that guards readers' comments guards these too;
- nobody is notified: no reply emails, no moderator emails.

    outcome = comments_import(article=article, records=records, source="wordpress", origin="example.com")
    discussion_renumber(article=article)

The caller holds the transaction. Each comment is mapped (ImportedItem) to
its id in the other system: importing it again updates its text, author and
status in place (its place in the thread stays where it was first put).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection
from django.db.models import F
from django.utils import timezone

from cliffhanger.core.privacy import client_hash
from cliffhanger.discussion.avatars import avatar_seed_for
from cliffhanger.discussion.models import (
    Comment,
    CommentStatus,
    ModerationAction,
)
from cliffhanger.discussion.rendering import render_comment_markdown
from cliffhanger.discussion.services import discussion_recount

from .comment_text import comment_markdown
from .models import ImportedItem, ImportedKind

NAME_MAX = Comment._meta.get_field("author_name").max_length
URL_MAX = Comment._meta.get_field("author_url").max_length
ANONYMOUS = "Anonymous"
IMPORT_REASON = "imported"
BATCH = 500
LOOKUP_BATCH = 500

COMMENT_EMPTY = "it has no text"
PARENT_MISSING = (
    "reply to a comment that is not in the export: kept as a top-level comment"
)
PARENT_ELSEWHERE = "reply to a comment on another article: kept as a top-level comment"
DEPTH_CAPPED = "reply nested deeper than the discussion allows: attached one level up"

_url_validator = URLValidator(schemes=["http", "https"])


@dataclass
class CommentRecord:
    """One comment of another system, in our terms."""

    external_id: str
    parent_id: str  # the parent's external id; "" for a top-level comment
    author_name: str
    author_email: str
    author_url: str
    ip_address: str
    created_at: datetime
    html: str
    status: str  # a CommentStatus value
    source_status: str = (
        ""  # as the other system said it ("spam", "0"…), for the audit row
    )
    # Other ids that stand for the same comment: (source, origin, external id).
    aliases: tuple[tuple[str, str, str], ...] = ()

    def fingerprint(self) -> str:
        parts = (
            self.parent_id,
            self.author_name,
            self.author_email,
            self.author_url,
            self.ip_address,
            self.created_at.isoformat(),
            self.html,
            self.status,
        )
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass
class ThreadOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (external id, why)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (external id, what)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass(eq=False)
class _Node:
    """A comment being placed: new (record set) or already stored (pk set)."""

    pk: int | None
    depth: int
    root_id: int | None
    parent: "_Node | None" = None
    parent_pk: int | None = None
    record: CommentRecord | None = None
    comment: Comment | None = None

    @property
    def resolved_pk(self) -> int | None:
        return self.comment.pk if self.comment is not None else self.pk


def _clean_email(value: str) -> str:
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _clean_url(value: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > URL_MAX:
        return ""
    try:
        _url_validator(value)
    except ValidationError:
        return ""
    return value


UPDATED_FIELDS = (
    "author_name",
    "author_email",
    "author_url",
    "avatar_seed",
    "body",
    "body_html",
    "status",
    "moderation_reason",
    "ip_hash",
    "created_at",
)


def _fields(record: CommentRecord, body: str) -> dict:
    name = " ".join((record.author_name or "").split())[:NAME_MAX] or ANONYMOUS
    email = _clean_email(record.author_email)
    approved = record.status == CommentStatus.APPROVED
    return {
        "author_name": name,
        "author_email": email,
        "author_url": _clean_url(record.author_url),
        "avatar_seed": avatar_seed_for(name=name, address=record.ip_address or ""),
        "body": body,
        "body_html": render_comment_markdown(body),
        "status": record.status,
        "moderation_reason": "" if approved else IMPORT_REASON,
        "ip_hash": client_hash(record.ip_address) if record.ip_address else "",
        "created_at": record.created_at,
    }


def _mapped(*, source: str, origin: str, external_ids: list[str]) -> dict[str, dict]:
    """The stored comments these ids were imported as, by external id."""
    found = {}
    for start in range(0, len(external_ids), LOOKUP_BATCH):
        rows = ImportedItem.objects.filter(
            source=source,
            origin=origin,
            kind=ImportedKind.COMMENT,
            external_id__in=external_ids[start : start + LOOKUP_BATCH],
        ).values(
            "pk",
            "external_id",
            "fingerprint",
            "comment_id",
            "comment__article_id",
            "comment__depth",
            "comment__root_id",
            "comment__parent_id",
        )
        found.update({row["external_id"]: row for row in rows})
    return found


def _attach(parent: _Node | None, max_depth: int) -> _Node | None:
    """Where a reply goes: its parent, or the deepest ancestor that can take a reply."""
    while parent is not None and parent.depth >= max_depth - 1:
        if parent.parent is not None:
            parent = parent.parent
        else:  # a stored comment: its own parent is one level up
            parent = _Node(
                pk=parent.parent_pk, depth=parent.depth - 1, root_id=parent.root_id
            )
    return parent


def comments_import(
    *, article, records: list[CommentRecord], source: str, origin: str
) -> ThreadOutcome:
    """
    Store `records` on `article`: new ones created, changed ones updated,
    the rest left alone. Replies come after their parents whatever the order
    of `records`. Does not renumber: call `discussion_renumber` afterwards.
    """
    outcome = ThreadOutcome()
    in_batch = {record.external_id: record for record in records}
    wanted = list(in_batch) + [
        record.parent_id
        for record in records
        if record.parent_id and record.parent_id not in in_batch
    ]
    stored = _mapped(source=source, origin=origin, external_ids=wanted)
    changed = []
    for record in records:
        row = stored.get(record.external_id)
        if row is not None and row["fingerprint"] == record.fingerprint():
            outcome.unchanged += 1  # as last imported: nothing to read or write
        else:
            changed.append(record)
    bodies = {}
    for record in changed:
        body = comment_markdown(record.html)
        if body:
            bodies[record.external_id] = body
        else:
            outcome.skipped.append((record.external_id, COMMENT_EMPTY))
    records = [record for record in changed if record.external_id in bodies]
    if not records:
        return outcome

    nodes: dict[str, _Node] = {}
    for external_id, row in stored.items():
        nodes[external_id] = _Node(
            pk=row["comment_id"],
            depth=row["comment__depth"],
            root_id=row["comment__root_id"],
            parent_pk=row["comment__parent_id"],
        )

    _existing_update(article, records, stored, bodies, outcome)
    new = [record for record in records if record.external_id not in stored]
    for record in new:
        nodes[record.external_id] = _Node(pk=None, depth=0, root_id=None, record=record)
    _place(new, nodes, stored, article, outcome)
    _create(article, new, nodes, bodies, source, origin)
    outcome.created += len(new)
    return outcome


def _existing_update(article, records, stored, bodies, outcome) -> None:
    changed = [
        (record, stored[record.external_id])
        for record in records
        if record.external_id in stored
    ]
    if not changed:
        return
    comments = Comment.objects.in_bulk([row["comment_id"] for _, row in changed])
    now = timezone.now()
    items, to_save, actions = [], [], []
    for record, row in changed:
        comment = comments[row["comment_id"]]
        previous = comment.status
        for name, value in _fields(record, bodies[record.external_id]).items():
            setattr(comment, name, value)
        comment.updated_at = now
        to_save.append(comment)
        if previous != comment.status:
            actions.append(_audit(comment, record, previous=previous))
        items.append(ImportedItem(pk=row["pk"], fingerprint=record.fingerprint()))
        outcome.updated += 1
    Comment.objects.bulk_update(
        to_save, [*UPDATED_FIELDS, "updated_at"], batch_size=BATCH
    )
    ModerationAction.objects.bulk_create(actions, batch_size=BATCH)
    ImportedItem.objects.bulk_update(items, ["fingerprint"], batch_size=BATCH)


def _place(new, nodes, stored, article, outcome) -> None:
    """Give each new comment its parent and depth, parents before children."""
    max_depth = settings.DISCUSSION_MAX_DEPTH
    for record in new:
        node = nodes[record.external_id]
        parent_id = record.parent_id
        if not parent_id or parent_id == record.external_id:
            continue
        parent = nodes.get(parent_id)
        if parent is None:
            outcome.notes.append((record.external_id, PARENT_MISSING))
            continue
        row = stored.get(parent_id)
        if row is not None and row["comment__article_id"] != article.pk:
            outcome.notes.append((record.external_id, PARENT_ELSEWHERE))
            continue
        node.parent = parent
    # A cycle of replies (a reply to its own reply) is cut where it is found.
    for record in new:
        seen, node = [], nodes[record.external_id]
        while node is not None and node.record is not None:
            if any(other is node for other in seen):
                node.parent = None
                outcome.notes.append((node.record.external_id, PARENT_MISSING))
                break
            seen.append(node)
            node = node.parent
    # Depths from the top down.
    placed: set[int] = set()
    for record in new:
        chain, node = [], nodes[record.external_id]
        while node is not None and node.record is not None and id(node) not in placed:
            chain.append(node)
            node = node.parent
        for node in reversed(chain):
            if node.parent is None:
                node.depth = 0
            else:
                attach = _attach(node.parent, max_depth)
                if attach is not node.parent:
                    outcome.notes.append((node.record.external_id, DEPTH_CAPPED))
                node.parent = attach
                node.depth = attach.depth + 1
            placed.add(id(node))


def _create(article, new, nodes, bodies, source, origin) -> None:
    """Insert the new comments level by level, then their dates, audit rows and import records."""
    _comments_insert(article, new, nodes, bodies)
    created = [nodes[record.external_id] for record in new]
    # bulk_create stamps created_at and updated_at with now: put back the dates.
    for node in created:
        node.comment.created_at = node.comment.updated_at = node.record.created_at
    _columns_set(
        ["created_at", "updated_at"],
        [(n.comment.created_at, n.comment.created_at, n.comment.pk) for n in created],
    )
    ModerationAction.objects.bulk_create(
        [
            _audit(node.comment, node.record, previous="")
            for node in created
            if node.comment.status != CommentStatus.APPROVED
        ],
        batch_size=BATCH,
    )
    _imported_items_record(created, source, origin)


def _comments_insert(article, new, nodes, bodies) -> None:
    """One bulk insert per depth, parents first, so each reply knows its parent's id."""
    levels: dict[int, list[_Node]] = {}
    replies: dict[int, int] = {}  # approved new replies, by id() of the parent node
    for record in new:
        node = nodes[record.external_id]
        levels.setdefault(node.depth, []).append(node)
        if node.parent is not None and record.status == CommentStatus.APPROVED:
            replies[id(node.parent)] = replies.get(id(node.parent), 0) + 1
    for depth in sorted(levels):
        level = sorted(levels[depth], key=lambda node: node.record.created_at)
        for node in level:
            fields = _fields(node.record, bodies[node.record.external_id])
            parent = node.parent
            node.comment = Comment(
                article=article,
                parent_id=parent.resolved_pk if parent else None,
                root_id=_root_id(parent),
                depth=depth,
                reply_count=replies.get(id(node), 0),
                **fields,
            )
        comments = [node.comment for node in level]
        Comment.objects.bulk_create(comments, batch_size=BATCH)
        if depth == 0:
            Comment.objects.filter(pk__in=[c.pk for c in comments]).update(
                root_id=F("pk")
            )
            for comment in comments:
                comment.root_id = comment.pk


def _imported_items_record(created, source, origin) -> None:
    """Each comment's import record (and its aliases'), so a second run skips it."""
    ImportedItem.objects.bulk_create(
        [
            ImportedItem(
                source=source,
                origin=origin,
                kind=ImportedKind.COMMENT,
                external_id=node.record.external_id,
                comment=node.comment,
                fingerprint=node.record.fingerprint(),
            )
            for node in created
        ],
        batch_size=BATCH,
    )
    aliases = [
        ImportedItem(
            source=alias_source,
            origin=alias_origin,
            kind=ImportedKind.COMMENT,
            external_id=alias_id,
            comment=node.comment,
        )
        for node in created
        for alias_source, alias_origin, alias_id in node.record.aliases
    ]
    if aliases:
        ImportedItem.objects.bulk_create(
            aliases, batch_size=BATCH, ignore_conflicts=True
        )


def _root_id(parent: _Node | None) -> int | None:
    if parent is None:
        return None
    if parent.comment is not None:
        return parent.comment.root_id
    return parent.root_id


def _audit(
    comment: Comment, record: CommentRecord, *, previous: str
) -> ModerationAction:
    return ModerationAction(
        comment=comment,
        from_status=previous,
        to_status=comment.status,
        reason=IMPORT_REASON,
        detail=f"Imported with status {record.source_status or record.status!r}."[:300],
        source="import",
    )


def discussion_renumber(*, article) -> None:
    """
    Number the article's top-level comments 1, 2, 3… in posting order and
    recount its public comments and each comment's replies.
    """
    roots = Comment.objects.filter(article=article, depth=0).order_by(
        "created_at", "pk"
    )
    changed = [
        (number, pk)
        for number, (pk, stored) in enumerate(
            roots.values_list("pk", "number"), start=1
        )
        if stored != number
    ]
    _columns_set(["number"], changed)
    discussion_recount(article=article)


def _columns_set(columns: list[str], rows: list[tuple]) -> None:
    """
    UPDATE comments SET <columns> = … WHERE id = … for each row (the values,
    then the id), as one executemany: bulk_update's CASE expressions cost more
    than the rest of an import.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = [Comment._meta.get_field(column) for column in columns]
    sets = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(Comment._meta.db_table)} SET {sets} WHERE {quote('id')} = %s"
    params = [
        [
            *(
                field.get_db_prep_value(value, connection)
                for field, value in zip(fields, row, strict=False)
            ),
            row[-1],
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
