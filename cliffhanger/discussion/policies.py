"""
Moderation policies: small functions that look at a comment about to be
stored and may decide its fate, each with a reason that is recorded.

    standing = submission_standing_read(article=..., body=..., author_email=...,
                                        ip_hash=...)
    decision = moderation_decide(Submission(..., standing=standing))
    decision.status   # approved / pending / spam
    decision.reason   # e.g. "links", "first_comment", "banned"

Policies run in order; the first that returns a Decision wins, so spam
rules come before hold rules. A policy does not query the database: what it
needs from there (a ban, the article's hold, a known author) is read for all
of them at once into the submission's Standing, one query per post. A new
policy that needs stored data adds a field there. Rejections the reader must
hear about (too long, a duplicate, too fast a pace) are not here: they are
form errors or a 429, and nothing is stored.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import BooleanField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
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


@dataclass
class Submission:
    article: object
    body: str
    author_name: str
    author_email: str
    ip_hash: str
    standing: Standing


@dataclass
class Decision:
    status: str
    reason: str
    detail: str = ""


APPROVED = Decision(CommentStatus.APPROVED, "")
_FALSE = Value(False, output_field=BooleanField())


def submission_standing_read(
    *, article, body: str | None, author_email: str, ip_hash: str
) -> Standing:
    """
    One query for everything a post is checked against. `body` None (a form
    with errors) skips the duplicate check. Bans are looked up by address
    and email; an approved comment under the email makes its author known.
    """
    discussion = ArticleDiscussion.objects.filter(article=OuterRef("pk"))
    now = timezone.now()
    fields = {
        "closed": Coalesce(Subquery(discussion.values("closed")[:1]), _FALSE),
        "hold_all": Exists(discussion.filter(hold_all=True)),
        "comment_count": Coalesce(Subquery(discussion.values("comment_count")[:1]), 0),
        "duplicate": _FALSE,
        "banned": _FALSE,
        "author_known": _FALSE,
    }
    if body is not None:
        since = now - timedelta(minutes=settings.DISCUSSION_DUPLICATE_MINUTES)
        fields["duplicate"] = Exists(
            Comment.objects.filter(
                article=OuterRef("pk"),
                body=body.strip(),
                ip_hash=ip_hash,
                created_at__gte=since,
            ).exclude(status=CommentStatus.REMOVED)
        )
    matches = Q(kind=CommenterBan.Kind.ADDRESS, value=ip_hash) if ip_hash else Q()
    if author_email:
        email_match = Q(kind=CommenterBan.Kind.EMAIL, value__iexact=author_email)
        matches = matches | email_match if ip_hash else email_match
        fields["author_known"] = Exists(
            Comment.objects.filter(
                author_email__iexact=author_email, status=CommentStatus.APPROVED
            )
        )
    if ip_hash or author_email:
        fields["banned"] = Exists(
            CommenterBan.objects.filter(
                Q(expires_at__isnull=True) | Q(expires_at__gt=now)
            ).filter(matches)
        )
    article_model = type(article)._meta.concrete_model
    row = article_model._base_manager.filter(pk=article.pk).values(**fields).first()
    return Standing(**row) if row else Standing()


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
    if not settings.DISCUSSION_HOLD_FIRST_COMMENT or not sub.author_email:
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
