"""
Moderation policies: small functions that look at a comment about to be
stored and may decide its fate, each with a reason that is recorded.

    decision = moderation_decide(submission)
    decision.status   # approved / pending / spam
    decision.reason   # e.g. "links", "first_comment", "banned"

Policies run in order; the first that returns a Decision wins, so spam
rules come before hold rules. Rejections the reader must hear about (too
long, a duplicate, too fast a pace) are not here: they are form errors or a
429, and nothing is stored.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import ArticleDiscussion, Comment, CommenterBan, CommentStatus

LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass
class Submission:
    article: object
    body: str
    author_name: str
    author_email: str
    ip_hash: str


@dataclass
class Decision:
    status: str
    reason: str
    detail: str = ""


APPROVED = Decision(CommentStatus.APPROVED, "")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w'-]+", text.lower()))


def banned(sub: Submission) -> Decision | None:
    now = timezone.now()
    active = CommenterBan.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    matches = (
        Q(kind=CommenterBan.Kind.ADDRESS, value=sub.ip_hash)
        if sub.ip_hash
        else Q(pk=None)
    )
    if sub.author_email:
        matches |= Q(kind=CommenterBan.Kind.EMAIL, value__iexact=sub.author_email)
    if active.filter(matches).exists():
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
    article_hold = ArticleDiscussion.objects.filter(
        article=sub.article, hold_all=True
    ).exists()
    if settings.DISCUSSION_HOLD_ALL or article_hold:
        return Decision(CommentStatus.PENDING, "hold_all")
    return None


def first_comment(sub: Submission) -> Decision | None:
    if not settings.DISCUSSION_HOLD_FIRST_COMMENT or not sub.author_email:
        return None
    known = Comment.objects.filter(
        author_email__iexact=sub.author_email, status=CommentStatus.APPROVED
    ).exists()
    return None if known else Decision(CommentStatus.PENDING, "first_comment")


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
