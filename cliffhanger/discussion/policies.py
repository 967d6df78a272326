"""
Moderation policies: small functions that look at a comment about to be
stored and may decide its fate, each with a reason that is recorded.

    standing = submission_standing_read(article=..., body=..., author_name=...,
                                        author_email=..., ip_hash=...)
    decision = moderation_decide(Submission(..., standing=standing))
    decision.status   # approved / pending / spam
    decision.reason   # e.g. "links", "first_comment", "banned"

Policies run in order; the first that returns a Decision wins, so spam
rules come before hold rules. A policy does not query the database: what it
needs from there (a ban, the article's hold, a known author) is read for all
of them at once into the submission's Standing, one query per post. A new
policy that needs stored data adds a field there. Rejections the reader must
hear about (too long, a duplicate, too fast a pace) are not policies: they are
form errors or a 429, and nothing is stored (the view reads whether the post
is a duplicate, and whether comments are closed, from the same Standing).
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import ArticleDiscussion, Comment, CommenterBan, CommentStatus

LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Standing:
    """
    What the database says about a submission, read in one query: whether the
    article takes comments, whether this text was just posted here by the
    same client, and what the policies below need.
    """

    closed: bool = False
    hold_all: bool = False
    comment_count: int = 0
    duplicate: bool = False
    banned: bool = False
    author_known: bool = False
    # The signed-in reader's account is banned: the post is refused, not stored.
    account_banned: bool = False


@dataclass
class Submission:
    article: object
    body: str
    author_name: str
    author_email: str
    ip_hash: str
    # None until read: comment_create reads it when its caller has not.
    standing: Standing | None


@dataclass
class Decision:
    status: str
    reason: str
    detail: str = ""


APPROVED = Decision(CommentStatus.APPROVED, "")


def submission_standing_read(
    *,
    article,
    body: str | None,
    author_name: str,
    author_email: str,
    ip_hash: str,
    account_id: int | None = None,
) -> Standing:
    """
    One query for everything a post is checked against. `body` None (a form
    with errors) skips the duplicate check. Bans are looked up by address
    and email (and account). An approved comment under the email, or under
    the same name from the same address, makes an anonymous author known; a
    signed-in reader (`account_id`) is known once their account has
    DISCUSSION_TRUSTED_AFTER_APPROVALS approved comments, whatever the name.
    """
    # Written as SQL: the same query through the ORM (Subquery, Exists) cost
    # more CPU to build and compile than the rest of the post put together.
    # The conditions are the ORM lookups the policies used (exclude, iexact).
    # Each part appends its parameters to `params`, in the query's order.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params: list = []
    parts = [
        _duplicate_sql(article, body, ip_hash, params),
        _banned_sql(ip_hash, author_email, now, params),
        _account_banned_sql(account_id, params, now, _table(CommenterBan)),
        _known_sql(account_id, author_name, author_email, ip_hash, params),
    ]
    sql = (
        f"SELECT d.closed, d.hold_all, d.comment_count, {', '.join(parts)}"
        f" FROM (SELECT 1 AS one) s LEFT JOIN {_table(ArticleDiscussion)} d"
        " ON d.article_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, article.pk])
        row = cursor.fetchone()
    closed, hold_all, count, duplicate, is_banned, account_banned, known = row
    return Standing(
        closed=bool(closed),
        hold_all=bool(hold_all),
        comment_count=count or 0,
        duplicate=bool(duplicate),
        banned=bool(is_banned),
        author_known=bool(known),
        account_banned=bool(account_banned),
    )


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _duplicate_sql(article, body: str | None, ip_hash: str, params: list) -> str:
    """The same text from the same client here lately (None body: not asked)."""
    if body is None:
        return "0"
    since = timezone.now() - timedelta(minutes=settings.DISCUSSION_DUPLICATE_MINUTES)
    params += [
        article.pk,
        body.strip(),
        ip_hash,
        connection.ops.adapt_datetimefield_value(since),
        CommentStatus.REMOVED,
    ]
    return (
        f"EXISTS (SELECT 1 FROM {_table(Comment)} c WHERE c.article_id = %s"
        " AND c.body = %s AND c.ip_hash = %s AND c.created_at >= %s"
        " AND NOT c.status = %s)"
    )


def _banned_sql(ip_hash: str, author_email: str, now, params: list) -> str:
    """A ban in force on the address or the email."""
    matches, match_params = [], []
    if ip_hash:
        matches.append("(b.kind = %s AND b.value = %s)")
        match_params += [CommenterBan.Kind.ADDRESS, ip_hash]
    if author_email:
        matches.append(f"(b.kind = %s AND {_iexact('b.value')})")
        match_params += [
            CommenterBan.Kind.EMAIL,
            connection.ops.prep_for_iexact_query(author_email),
        ]
    if not matches:
        return "0"
    params += [now, *match_params]
    return (
        f"EXISTS (SELECT 1 FROM {_table(CommenterBan)} b WHERE"
        " (b.expires_at IS NULL OR b.expires_at > %s)"
        f" AND ({' OR '.join(matches)}))"
    )


def _known_sql(
    account_id: int | None,
    author_name: str,
    author_email: str,
    ip_hash: str,
    params: list,
) -> str:
    """Whether the author has earned skipping the first-comment hold."""
    comments = _table(Comment)
    known = []
    if account_id is not None:
        # An account is known by its own record alone: its name is its own,
        # and one approval under it from a shared address must not count.
        threshold = settings.DISCUSSION_TRUSTED_AFTER_APPROVALS
        known.append(
            f"(SELECT COUNT(*) FROM (SELECT 1 FROM {comments} t WHERE"
            " t.account_id = %s AND t.status = %s LIMIT %s) n) >= %s"
        )
        params += [account_id, CommentStatus.APPROVED, threshold, threshold]
    elif author_email:
        # LOWER() on both sides, as the discussion_comment_email index has it:
        # iexact's UPPER() or LIKE would scan every comment on the site.
        known.append(
            f"EXISTS (SELECT 1 FROM {comments} k WHERE"
            " LOWER(k.author_email) = LOWER(%s) AND k.status = %s)"
        )
        params += [author_email, CommentStatus.APPROVED]
    if ip_hash and author_name and account_id is None:
        # Served by the (ip_hash, status) index: a reader who gives no email
        # is known by having been approved before from here under this name.
        known.append(
            f"EXISTS (SELECT 1 FROM {comments} a WHERE"
            " a.ip_hash = %s AND a.status = %s AND a.author_name = %s)"
        )
        params += [ip_hash, CommentStatus.APPROVED, author_name]
    return f"({' OR '.join(known)})" if known else "0"


def _account_banned_sql(account_id, params: list, now, bans: str) -> str:
    """The part of the query that says whether the account is banned now."""
    if account_id is None:
        return "0"
    params += [now, CommenterBan.Kind.ACCOUNT, account_id]
    return (
        f"EXISTS (SELECT 1 FROM {bans} ab WHERE"
        " (ab.expires_at IS NULL OR ab.expires_at > %s)"
        " AND ab.kind = %s AND ab.account_id = %s)"
    )


def _iexact(column: str) -> str:
    """`column` equals a parameter ignoring case, as the ORM's iexact says it."""
    ops = connection.ops
    return (
        ops.lookup_cast("iexact", "CharField") % column
        + " "
        + (connection.operators["iexact"] % "%s")
    )


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w'-]+", text.lower()))


def banned(sub: Submission) -> Decision | None:
    if sub.standing.banned:
        return Decision(CommentStatus.SPAM, "banned")
    return None


def blocklisted(sub: Submission) -> Decision | None:
    blocklist = {entry.lower() for entry in settings.DISCUSSION_BLOCKLIST}
    if not blocklist:
        return None
    text_words = _words(sub.body) | _words(sub.author_name)
    hits = (text_words & blocklist) | (
        {sub.author_email.lower(), sub.ip_hash} & blocklist
    )
    phrases = [
        entry for entry in blocklist if " " in entry and entry in sub.body.lower()
    ]
    if hits or phrases:
        return Decision(
            CommentStatus.SPAM,
            "blocklist",
            ", ".join(sorted(hits | set(phrases)))[:300],
        )
    return None


def hold_all(sub: Submission) -> Decision | None:
    if settings.DISCUSSION_HOLD_ALL or sub.standing.hold_all:
        return Decision(CommentStatus.PENDING, "hold_all")
    return None


def first_comment(sub: Submission) -> Decision | None:
    if not settings.DISCUSSION_HOLD_FIRST_COMMENT:
        return None
    return (
        None
        if sub.standing.author_known
        else Decision(CommentStatus.PENDING, "first_comment")
    )


def too_many_links(sub: Submission) -> Decision | None:
    count = len(LINK_PATTERN.findall(sub.body))
    if count > settings.DISCUSSION_MAX_LINKS:
        return Decision(CommentStatus.PENDING, "links", f"{count} links")
    return None


def moderation_keywords(sub: Submission) -> Decision | None:
    keywords = {k.lower() for k in settings.DISCUSSION_MODERATION_KEYWORDS}
    hits = _words(sub.body) & keywords
    hits |= {k for k in keywords if " " in k and k in sub.body.lower()}
    if hits:
        return Decision(
            CommentStatus.PENDING, "keywords", ", ".join(sorted(hits))[:300]
        )
    return None


POLICIES = [
    banned,
    blocklisted,
    hold_all,
    first_comment,
    too_many_links,
    moderation_keywords,
]


def moderation_decide(submission: Submission) -> Decision:
    for policy in POLICIES:
        decision = policy(submission)
        if decision is not None:
            return decision
    return APPROVED
