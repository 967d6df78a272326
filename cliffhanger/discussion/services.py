"""Writes for the discussion: posting, editing, deleting, voting, featuring."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from cliffhanger.accounts.selectors import reader_for_user
from cliffhanger.accounts.services import (
    account_sessions_delete,
    is_staff_account,
    reader_profile_visibility_set,
)
from cliffhanger.core.counters import over_limit
from cliffhanger.core.privacy import client_hash
from cliffhanger.core.text import direction_controls_strip, display_name_clean
from cliffhanger.newsroom.purges import article_purge_soon
from cliffhanger.newsroom.selectors import article_author_user_ids

from .avatars import avatar_seed_for
from .cache_rules import comments_changed
from .models import (
    ArticleDiscussion,
    Comment,
    CommenterBan,
    CommentReport,
    CommentStatus,
    CommentVote,
    ModerationAction,
)
from .policies import (
    Decision,
    Standing,
    Submission,
    moderation_decide,
    submission_standing_read,
)
from .rendering import render_comment_markdown
from .scoring import wilson_lower_bound
from .selectors import account_ban_in_force
from .signals import comment_approved
from .tasks import confirm_reply_address, notify_held_comment, notify_reply

COMMENT_BODY_REQUIRED = "Please enter your comment!"
COMMENT_NAME_REQUIRED = "Please enter your name here"
COMMENT_PARENT_OTHER_ARTICLE = "You can only reply to a comment on the same article."
COMMENT_PARENT_MISSING = "The comment you are replying to does not exist."
COMMENT_PARENT_NOT_PUBLIC = "That comment cannot be replied to."
COMMENT_EDIT_WINDOW_CLOSED = (
    "Comments can only be changed in the first {minutes} minutes."
)
COMMENT_HAS_REPLIES = "A comment cannot be changed once someone has replied to it."
COMMENT_NOT_YOURS = (
    "You can only change comments you wrote in this browser or while signed in."
)
ACCOUNT_BANNED = (
    "Your account can no longer post comments here. If you think this is a "
    "mistake, write to the editors."
)
ACCOUNT_BAN_STAFF = "Staff accounts are not banned here: change them in Users."
VOTE_VALUES = {"up": 1, "down": -1}
COMMENTS_CLOSED = "Comments are closed on this article."
COMMENT_DUPLICATE = "You already posted this comment here. If it is not showing, it may be awaiting moderation."
MODERATION_STATUS_UNKNOWN = "Choose approved, pending, spam or removed."
COMMENT_TOO_LONG = "Your comment is too long: please keep it under %(limit_value)s characters (it has %(show_value)s)."


def _discussion_for_update(article) -> ArticleDiscussion:
    """The article's discussion row, locked for this transaction (made on first use)."""
    return ArticleDiscussion.objects.select_for_update().get_or_create(article=article)[
        0
    ]


def _attach_point(parent: Comment | None) -> Comment | None:
    """Replies deeper than DISCUSSION_MAX_DEPTH attach at the deepest allowed level."""
    max_depth = settings.DISCUSSION_MAX_DEPTH
    while parent is not None and parent.depth >= max_depth - 1:
        parent = parent.parent
    return parent


def comment_parent_get(*, article, parent_id) -> Comment | None:
    """The comment being answered, or a ValidationError saying why it cannot be."""
    if parent_id in (None, ""):
        return None
    try:
        parent = Comment.objects.select_related("parent").get(pk=int(parent_id))
    except (Comment.DoesNotExist, ValueError, TypeError, OverflowError):
        raise ValidationError(COMMENT_PARENT_MISSING) from None
    if parent.article_id != article.pk:
        raise ValidationError(COMMENT_PARENT_OTHER_ARTICLE)
    if parent.status != CommentStatus.APPROVED:
        raise ValidationError(COMMENT_PARENT_NOT_PUBLIC)
    return parent


def comment_create(
    *,
    article,
    body: str,
    author_name: str,
    author_email: str = "",
    author_url: str = "",
    parent: Comment | None = None,
    account=None,
    avatar_seed: str = "",
    ip_address: str | None = None,
    status: str | None = None,
    reason: str = "",
    notify_replies: bool = False,
    created_at: datetime | None = None,
    standing: Standing | None = None,
) -> Comment:
    """
    Store a comment, numbered if top-level, and keep the article's public count
    exact: the count, the number and the insert share one transaction.
    `account` (the signed-in reader's user) owns it; its record decides the
    first-comment hold, its email (never stored on the comment) meets the
    bans; staff and the article's authors are verified. `standing`: read here
    unless the caller has it. Returns it with `article_comment_count`, the
    public count after it. ValidationError: no body or name, parent elsewhere.
    """
    author_name = _comment_fields_checked(article, body, author_name, parent)
    parent = _attach_point(parent)
    author_email = (author_email or "").strip()
    submission = Submission(
        article=article,
        body=direction_controls_strip(body),  # excerpts, mail, webhooks show it
        author_name=author_name,
        # What the bans and the blocklist see: the account's own address.
        author_email=(account.email or "") if account is not None else author_email,
        ip_hash=client_hash(ip_address) if ip_address else "",
        standing=standing,
    )
    decision = Decision(status, reason)
    if status is None:
        decision = _policy_decision(submission, account=account)
    comment = _comment_build(
        submission,
        parent=parent,
        account=account,
        decision=decision,
        author_email=author_email,
        author_url=author_url,
        avatar_seed=avatar_seed
        or avatar_seed_for(name=author_name, address=ip_address or ""),
        notify_replies=notify_replies,
    )
    counts = _comment_insert(comment, decision=decision, created_at=created_at)
    standing = submission.standing
    comment.article_comment_count = (
        counts[0]
        if counts is not None and comment.is_public
        else (standing.comment_count if standing else None)
    )
    return comment


def _comment_fields_checked(article, body: str, author_name: str, parent) -> str:
    """The author's cleaned name; ValidationError when a comment cannot be made of these."""
    if not (body or "").strip():
        raise ValidationError(COMMENT_BODY_REQUIRED)
    author_name = display_name_clean(author_name)
    if not author_name:
        raise ValidationError(COMMENT_NAME_REQUIRED)
    if parent is not None and parent.article_id != article.pk:
        raise ValidationError(COMMENT_PARENT_OTHER_ARTICLE)
    return author_name


def _comment_build(
    submission: Submission,
    *,
    parent,
    account,
    decision: Decision,
    author_email: str,
    author_url: str,
    avatar_seed: str,
    notify_replies: bool,
) -> Comment:
    """The comment row, validated: everything worked out before the write."""
    body = submission.body.strip()
    comment = Comment(
        article=submission.article,
        parent=parent,
        root_id=parent.root_id if parent else None,
        depth=parent.depth + 1 if parent else 0,
        account=account,
        author_verified=_account_verified(account=account, article=submission.article),
        author_name=submission.author_name.strip(),
        author_email=author_email,
        author_url=(author_url or "").strip(),
        avatar_seed=avatar_seed,
        body=body,
        body_html=render_comment_markdown(body),
        status=decision.status,
        moderation_reason=decision.reason,
        notify_replies=bool(notify_replies and author_email),
        ip_hash=submission.ip_hash,
    )
    # On SQLite the transaction holds the database's one write lock from its
    # first statement: nothing that can be done before it is done inside it.
    # The article, parent and user are rows the caller already holds.
    comment.full_clean(
        exclude=["article", "parent", "root", "account", "avatar_seed", "body_html"]
    )
    return comment


def _policy_decision(submission: Submission, *, account) -> Decision:
    """The moderation policies' verdict, reading the standing unless the caller has."""
    if submission.standing is None:
        submission.standing = submission_standing_read(
            article=submission.article,
            body=None,
            author_name=submission.author_name,
            author_email=submission.author_email,
            ip_hash=submission.ip_hash,
            account_id=account.pk if account is not None else None,
        )
    return moderation_decide(submission)


def _comment_insert(
    comment: Comment, *, decision: Decision, created_at: datetime | None
) -> tuple[int, ...] | None:
    """
    Insert the comment, its audit row when a policy held it, and the article's
    counters, in one transaction; returns the counters when they moved.
    """
    parent, public = comment.parent, comment.is_public
    # A top-level comment takes its number and its id (its own root) with the
    # counter update, and is inserted complete: one statement fewer than
    # inserting, numbering, then updating it.
    numbered_first = parent is None and created_at is None and _ids_with_counters()
    counts = None
    with transaction.atomic():
        if numbered_first:
            counts = _top_level_insert(comment, public=public)
        else:
            comment.save()
        if not public or decision.reason:
            ModerationAction.objects.create(
                comment=comment,
                to_status=decision.status,
                reason=decision.reason or "policy",
                detail=decision.detail,
                actor=comment.account,
                source="policy",
            )
        # The article's counter row last, so that on PostgreSQL its lock (which
        # every post to the article waits for) is held for the fewest statements.
        # The same order as comment_moderate: the counter row, then comments.
        if not numbered_first and (parent is None or public):
            counts = _discussion_counters_add(
                article_id=comment.article_id,
                comments=1 if public else 0,
                numbers=1 if parent is None else 0,
            )
        _comment_placed(
            comment, counts=counts, numbered=numbered_first, created_at=created_at
        )
        transaction.on_commit(lambda: _comment_stored(comment, parent), robust=True)
    return counts


def _comment_placed(comment: Comment, *, counts, numbered: bool, created_at) -> None:
    """Number and date a new top-level comment, count a public reply on its parent."""
    changes = {}
    if comment.parent_id is None and not numbered:
        comment.root_id, comment.number = comment.pk, counts[1]
        changes.update(root_id=comment.root_id, number=comment.number)
        # Dated when numbered: posts racing on PostgreSQL take their numbers
        # in lock order, and the thread (by date) must show them in it.
        comment.created_at = comment.updated_at = timezone.now()
        changes.update(created_at=comment.created_at, updated_at=comment.updated_at)
    if created_at is not None:
        comment.created_at = changes["created_at"] = created_at
    if changes:
        Comment.objects.filter(pk=comment.pk).update(**changes)
    if comment.is_public and comment.parent_id is not None:
        Comment.objects.filter(pk=comment.parent_id).update(
            reply_count=F("reply_count") + 1
        )


def _account_verified(*, account, article) -> bool:
    """Staff, or one of the article's bylined authors, signed in."""
    if account is None:
        return False
    return account_is_newsroom_staff(account) or account.pk in (
        article_author_user_ids(article_id=article.pk)
    )


def account_is_newsroom_staff(user) -> bool:
    """Django staff, or anyone the Wagtail admin lets in (editors, moderators,
    writers): their comments are verified, and they are not banned as readers."""
    return is_staff_account(user) or user.has_perm("wagtailadmin.access_admin")


def _discussion_counters_add(
    *, article_id: int, comments: int, numbers: int, new_comment_id: bool = False
) -> tuple[int, ...]:
    """
    Add to the article's public count and last top-level number in one
    UPDATE, inside the caller's transaction; returns both after it (and, with
    `new_comment_id`, an id no comment has had: _ids_with_counters() says
    when). The row is made on the article's first comment.
    """

    def update():
        return _discussion_counters_update(
            article_id=article_id,
            comments=comments,
            numbers=numbers,
            new_comment_id=new_comment_id,
        )

    row = update()
    if row is None:  # the article's first comment: make its row, then count
        ArticleDiscussion.objects.get_or_create(article_id=article_id)
        row = update()
    return row


def _top_level_insert(comment: Comment, *, public: bool) -> tuple[int, int]:
    """
    The article's counters (and, with them, its counter row's lock, so
    numbers follow lock order), the comment's number and a new id in one
    UPDATE … RETURNING; then the comment is inserted whole,
    dated (auto_now_add) now that it holds its number. Returns the counters.
    """
    count, number, new_id = _discussion_counters_add(
        article_id=comment.article_id,
        comments=1 if public else 0,
        numbers=1,
        new_comment_id=True,
    )
    comment.pk = comment.root_id = new_id
    comment.number = number
    comment.save(force_insert=True)
    return count, number


def _discussion_counters_update(
    *, article_id: int, comments: int, numbers: int, new_comment_id: bool = False
) -> tuple[int, ...] | None:
    rows = ArticleDiscussion.objects.filter(article_id=article_id)
    if not connection.features.can_return_columns_from_insert:  # SQLite < 3.35
        if not rows.update(
            comment_count=F("comment_count") + comments,
            last_number=F("last_number") + numbers,
        ):
            return None
        return rows.values_list("comment_count", "last_number").get()
    # UPDATE … RETURNING (SQLite 3.35+, PostgreSQL): the new values without a
    # second statement while the row is locked. The ORM's update() cannot.
    quote = connection.ops.quote_name
    table = quote(ArticleDiscussion._meta.db_table)
    count, last, key = (
        quote(name) for name in ("comment_count", "last_number", "article_id")
    )
    returning, params = f"{count}, {last}", [comments, numbers, article_id]
    if new_comment_id:
        returning += ", " + _NEXT_COMMENT_ID[connection.vendor]
        params.append(Comment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {count} = {count} + %s, {last} = {last} + %s "
            f"WHERE {key} = %s RETURNING {returning}",
            params,
        )
        row = cursor.fetchone()
    return tuple(row) if row else None


def _ids_with_counters() -> bool:
    """Whether the counter update can also hand out the next comment's id."""
    return connection.vendor in _NEXT_COMMENT_ID and (
        connection.features.can_return_columns_from_insert
    )


# An id the comments' table has never given, read in the counter update.
# SQLite: AUTOINCREMENT never reuses one (a deleted comment's id stays its
# own: permalinks and readers' owned-comment cookies name ids), and
# sqlite_sequence holds the largest ever given. The transaction began with
# BEGIN IMMEDIATE, so no other writer can take it before the insert.
_NEXT_COMMENT_ID = {
    "postgresql": "nextval(pg_get_serial_sequence(%s, 'id'))",
    "sqlite": (
        "(SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"
        f" COALESCE(MAX(id), 0)) + 1 FROM {Comment._meta.db_table})"
    ),
}


def _comment_stored(comment: Comment, parent: Comment | None) -> None:
    """
    After commit: tell moderators about held comments, and a parent's author
    about a reply when they asked to be (the task checks the rest: opt-outs,
    a notice already sent). Most posts queue nothing. A public comment is
    announced last (comment_approved), so a listener cannot hold these up.
    """

    if comment.notify_replies:  # the address confirms first (once, by mail)
        confirm_reply_address.enqueue(comment.pk)
    if comment.status == CommentStatus.PENDING:
        if settings.DISCUSSION_MODERATOR_NOTICES == "each":
            notify_held_comment.enqueue(comment.pk)
    elif (
        comment.status == CommentStatus.APPROVED
        and parent is not None
        and _parent_may_want_reply_mail(parent, comment)
    ):
        notify_reply.enqueue(comment.pk)
    if comment.status == CommentStatus.APPROVED:
        comment_approved.send(sender=Comment, comment=comment)


def _parent_may_want_reply_mail(parent: Comment, reply: Comment) -> bool:
    """A signed-in parent's author may want it (their account setting says:
    the task reads it), an anonymous one if they asked and it is not them."""
    if parent.account_id is not None:
        return parent.account_id != reply.account_id
    return bool(
        parent.notify_replies
        and parent.author_email
        and parent.author_email.lower() != reply.author_email.lower()
    )


def _change_window_check(*, comment: Comment, now: datetime | None = None) -> None:
    minutes = settings.DISCUSSION_EDIT_MINUTES
    if (now or timezone.now()) - comment.created_at > timedelta(minutes=minutes):
        raise ValidationError(COMMENT_EDIT_WINDOW_CLOSED.format(minutes=minutes))
    if Comment.objects.filter(parent=comment).exists():
        raise ValidationError(COMMENT_HAS_REPLIES)


def comment_edit(
    *, comment: Comment, body: str, now: datetime | None = None
) -> Comment:
    """
    Let the author reword a comment in its first minutes; it is marked edited.
    The new text meets the rules a new comment meets: one over the length
    limit is refused (ValidationError, the old text kept), and one the
    moderation policies would hold or mark as spam (links, keywords, the
    blocklist) takes the comment out of the thread until a moderator decides.
    """
    body = direction_controls_strip((body or "").strip())
    if not body:
        raise ValidationError(COMMENT_BODY_REQUIRED)
    limit = settings.DISCUSSION_MAX_LENGTH
    if len(body) > limit:
        raise ValidationError(
            COMMENT_TOO_LONG, params={"limit_value": limit, "show_value": len(body)}
        )
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        _change_window_check(comment=comment, now=now)
        decision = _edit_decision(comment, body)
        comment.body = body
        comment.body_html = render_comment_markdown(comment.body)
        comment.edited_at = timezone.now()
        comment.full_clean(exclude=["parent", "root", "avatar_seed", "body_html"])
        comment.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
        if comment.is_public and decision.status != CommentStatus.APPROVED:
            comment = comment_moderate(
                comment=comment,
                status=decision.status,
                reason=decision.reason,
                detail=f"on edit: {decision.detail}".strip(": "),
                source="policy",
            )
    return comment


def _edit_decision(comment: Comment, body: str):
    """What the moderation policies say of the new text from the same author."""
    standing = submission_standing_read(
        article=comment.article,
        body=None,
        author_name=comment.author_name,
        author_email=comment.author_email,
        ip_hash=comment.ip_hash,
        account_id=comment.account_id,
    )
    return moderation_decide(
        Submission(
            article=comment.article,
            body=body,
            author_name=comment.author_name,
            author_email=comment.author_email,
            ip_hash=comment.ip_hash,
            standing=standing,
        )
    )


def comment_moderate(
    *,
    comment: Comment,
    status: str,
    reason: str,
    actor=None,
    source: str = "admin",
    detail: str = "",
) -> Comment:
    """
    The one way a comment's status changes (admin, email link, policy, reader
    reports): it keeps the public counts exact and writes the audit row.
    A held comment approved later keeps its original date and place in the thread.
    """
    if status not in CommentStatus.values:
        raise ValidationError(MODERATION_STATUS_UNKNOWN)
    with transaction.atomic():
        discussion = _discussion_for_update(comment.article)
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        previous = comment.status
        was_public, now_public = comment.is_public, status == CommentStatus.APPROVED
        comment.status = status
        comment.moderation_reason = reason
        comment.save(update_fields=["status", "moderation_reason", "updated_at"])
        if was_public != now_public:
            change = 1 if now_public else -1
            discussion.comment_count = max(0, discussion.comment_count + change)
            discussion.save(update_fields=["comment_count"])
            if comment.parent_id:
                Comment.objects.filter(pk=comment.parent_id).update(
                    reply_count=F("reply_count") + change
                )
        ModerationAction.objects.create(
            comment=comment,
            from_status=previous,
            to_status=status,
            reason=reason,
            detail=detail[:300],
            actor=actor,
            source=source,
        )
        if now_public and not was_public:
            transaction.on_commit(lambda: _comment_made_public(comment), robust=True)
    return comment


def _comment_made_public(comment: Comment) -> None:
    """After commit: a held comment is public now; its parent's author may want to know."""
    if comment.parent_id:
        notify_reply.enqueue(comment.pk)
    comment_approved.send(sender=Comment, comment=comment)


def comment_approve(*, comment: Comment, actor=None, source: str = "admin") -> Comment:
    return comment_moderate(
        comment=comment,
        status=CommentStatus.APPROVED,
        reason="approved",
        actor=actor,
        source=source,
    )


def comment_mark_spam(
    *, comment: Comment, actor=None, source: str = "admin"
) -> Comment:
    return comment_moderate(
        comment=comment,
        status=CommentStatus.SPAM,
        reason="spam",
        actor=actor,
        source=source,
    )


def comment_remove(
    *, comment: Comment, actor=None, source: str = "admin", reason: str = "removed"
) -> Comment:
    return comment_moderate(
        comment=comment,
        status=CommentStatus.REMOVED,
        reason=reason,
        actor=actor,
        source=source,
    )


def comment_report(
    *, comment: Comment, reader_key: str, address_key: str, reason: str = ""
) -> bool:
    """
    A reader reports a comment (once per reader and once per network, see
    core/readers.py). At DISCUSSION_REPORTS_TO_HOLD reports an approved
    comment goes back to pending for a moderator, unless its author is one
    reports alone never hide (comment_author_trusted): then the reports wait
    in the queue for a moderator. Returns False when already reported.
    """
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment,
                reader_key=reader_key,
                address_key=address_key,
                reason=reason[:200],
            )
            Comment.objects.filter(pk=comment.pk).update(
                report_count=F("report_count") + 1
            )
    except IntegrityError:
        return False
    comment.refresh_from_db(fields=["report_count", "status"])
    if (
        comment.status == CommentStatus.APPROVED
        and comment.report_count >= settings.DISCUSSION_REPORTS_TO_HOLD
        and not comment_author_trusted(comment=comment)
    ):
        comment_moderate(
            comment=comment,
            status=CommentStatus.PENDING,
            reason="reports",
            source="reader reports",
            detail=f"{comment.report_count} reports",
        )
    return True


def comment_author_trusted(*, comment: Comment) -> bool:
    """
    Authors whom reports alone never hide: staff, the article's bylined
    authors, and a commenter (by email) with other approved comments.
    """
    user = comment.account
    if user is not None and (
        user.is_staff
        or user.pk in article_author_user_ids(article_id=comment.article_id)
    ):
        return True
    return bool(comment.author_email) and (
        Comment.objects.filter(
            author_email__iexact=comment.author_email, status=CommentStatus.APPROVED
        )
        .exclude(pk=comment.pk)
        .exists()
    )


def comment_report_rate_limited(*, address_key: str) -> bool:
    """True past DISCUSSION_REPORTS_PER_HOUR reports from one network this hour."""
    return over_limit(
        "reports",
        address_key,
        limit=settings.DISCUSSION_REPORTS_PER_HOUR,
        window_seconds=3600,
    )


def commenter_ban(
    *, email: str = "", ip_hash: str = "", reason: str = "", expires_at=None, actor=None
) -> list[CommenterBan]:
    """Ban by email and/or address hash; their new comments go to spam."""
    bans = []
    for kind, value in (
        (CommenterBan.Kind.EMAIL, email.strip().lower()),
        (CommenterBan.Kind.ADDRESS, ip_hash),
    ):
        if value:
            ban = CommenterBan(
                kind=kind,
                value=value,
                reason=reason,
                expires_at=expires_at,
                created_by=actor,
            )
            ban.full_clean()
            ban.save()
            bans.append(ban)
    if not bans:
        raise ValidationError("Give an email or an address hash to ban.")
    return bans


def account_ban(
    *, account, reason: str = "", expires_at=None, actor=None
) -> CommenterBan:
    """
    Ban a reader's account from commenting: its posts are refused, and it is
    told why, until the ban expires or a moderator deletes it (Bans); every
    session it has ends now, and its public profile page is hidden (lifting
    the ban does not show it again: the reader decides that). The comments it
    wrote stay as they are. Staff are not banned here (ValidationError):
    their access is managed in Users. Banning an account already banned
    returns the ban in force.
    """
    if account_is_newsroom_staff(account):
        raise ValidationError(ACCOUNT_BAN_STAFF)
    ban = account_ban_in_force(account_id=account.pk)
    if ban is None:
        ban = CommenterBan(
            kind=CommenterBan.Kind.ACCOUNT,
            account=account,
            value=str(account.pk),
            reason=reason[:200],
            expires_at=expires_at,
            created_by=actor,
        )
        ban.full_clean()
        ban.save()
    _account_sessions_end(account)
    reader = reader_for_user(user=account)
    if reader is not None and reader.profile_is_public:
        reader_profile_visibility_set(reader=reader, is_public=False)
    return ban


def _account_sessions_end(user) -> int:
    """
    Sign the account out everywhere: its stored sessions are deleted, and its
    session hash changes (a new unusable password: readers have none), so no
    session kept elsewhere still matches it. Returns how many were deleted.
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return account_sessions_delete(user)


def comment_delete_by_author(
    *, comment: Comment, now: datetime | None = None
) -> Comment:
    """The author takes a comment back in its first minutes, before any reply."""
    _change_window_check(comment=comment, now=now)
    return comment_moderate(
        comment=comment,
        status=CommentStatus.REMOVED,
        reason="deleted_by_author",
        source="author",
    )


def comment_feature(*, comment: Comment, featured: bool = True) -> Comment:
    """Mark or unmark an Editors' pick, shown first in its thread."""
    Comment.objects.filter(pk=comment.pk).update(is_editors_pick=featured)
    comment.is_editors_pick = featured
    # update() sends no post_save: the page cache's receiver would not hear of it.
    comments_changed(comment.article_id)
    article_purge_soon(article_id=comment.article_id)
    return comment


def comment_vote_cast(
    *, comment: Comment, reader_key: str, address_key: str, value: int
):
    """
    Record a reader's up (+1) or down (-1) vote. Voting the same way again
    changes nothing; voting the other way moves the vote. Parallel requests
    from one reader count once: the unique constraints decide.
    Returns the comment with fresh counts.
    """
    if value not in (1, -1):
        raise ValidationError("A vote is up or down.")
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        existing = (
            CommentVote.objects.filter(comment=comment)
            .filter(Q(reader_key=reader_key) | Q(address_key=address_key))
            .first()
        )
        if existing is None:
            try:
                with transaction.atomic():
                    CommentVote.objects.create(
                        comment=comment,
                        reader_key=reader_key,
                        address_key=address_key,
                        value=value,
                    )
            except IntegrityError:
                return comment  # a parallel request from this reader won
        elif existing.value == value:
            return comment
        else:
            existing.value = value
            existing.save(update_fields=["value"])
        _comment_votes_recount(comment)
    return comment


def _comment_votes_recount(comment: Comment) -> None:
    totals = CommentVote.objects.filter(comment=comment).aggregate(
        up=Count("pk", filter=Q(value=1)), down=Count("pk", filter=Q(value=-1))
    )
    comment.upvotes, comment.downvotes = totals["up"], totals["down"]
    comment.score = wilson_lower_bound(up=comment.upvotes, down=comment.downvotes)
    comment.save(update_fields=["upvotes", "downvotes", "score"])


def discussion_recount(*, article) -> ArticleDiscussion:
    """Recompute an article's counts and numbering from its comments."""
    with transaction.atomic():
        discussion = _discussion_for_update(article)
        comments = Comment.objects.filter(article=article)
        discussion.comment_count = comments.filter(
            status=CommentStatus.APPROVED
        ).count()
        numbers = (
            comments.filter(depth=0)
            .exclude(number=None)
            .values_list("number", flat=True)
        )
        discussion.last_number = max(numbers, default=0)
        discussion.save()
        replies = dict(
            comments.filter(status=CommentStatus.APPROVED, parent__isnull=False)
            .values("parent_id")
            .annotate(n=Count("pk"))
            .values_list("parent_id", "n")
        )
        for comment in comments.only("pk", "reply_count"):
            if comment.reply_count != replies.get(comment.pk, 0):
                Comment.objects.filter(pk=comment.pk).update(
                    reply_count=replies.get(comment.pk, 0)
                )
    return discussion


def comment_rate_limited(*, ip_hash: str) -> bool:
    """
    True once a client has posted DISCUSSION_RATE_LIMIT_PER_MINUTE comments
    this minute. Counted in the shared cache (every process of the machine,
    every app server with Redis).
    """
    return over_limit(
        "comments",
        ip_hash,
        limit=settings.DISCUSSION_RATE_LIMIT_PER_MINUTE,
        window_seconds=60,
    )


def discussion_settings_set(
    *, article, closed: bool | None = None, hold_all: bool | None = None
) -> ArticleDiscussion:
    """Close or reopen an article's comments, or hold them all for moderation."""
    with transaction.atomic():
        discussion = _discussion_for_update(article)
        if closed is not None:
            discussion.closed = closed
        if hold_all is not None:
            discussion.hold_all = hold_all
        discussion.save(update_fields=["closed", "hold_all"])
    return discussion
