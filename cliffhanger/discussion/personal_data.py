"""
The discussion's part of a reader's data download and account deletion
(accounts.personal_data): their comments, reply mail settings and this
browser's votes and reports.
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from cliffhanger.accounts.personal_data import Holder
from cliffhanger.core.http import site_url
from cliffhanger.newsroom.purges import article_purge_soon
from cliffhanger.newsroom.selectors import article_get_live

from .avatars import avatar_seed_for
from .cache_rules import comments_changed
from .models import (
    Comment,
    CommentReport,
    CommentStatus,
    CommentVote,
    ReplyOptIn,
    ReplyOptOut,
)
from .notifications import reply_address_hash
from .services import comment_moderate

DELETED_READER = "Deleted reader"


def holder_comments(holder: Holder) -> QuerySet:
    """The comments the holder wrote: signed in, or anonymously with an address they proved."""
    return (
        Comment.objects.alias(email_lower=Lower("author_email"))
        .filter(Q(account=holder.user) | Q(email_lower__in=holder.emails))
        .order_by("created_at", "pk")
    )


def _article_data(article_id: int) -> dict:
    article = article_get_live(article_id=article_id)
    if article is None:
        return {"id": article_id, "note": "no longer published"}
    return {"id": article_id, "title": article.title, "url": site_url(article.url)}


def _comment_data(comment: Comment, articles: dict) -> dict:
    if comment.article_id not in articles:
        articles[comment.article_id] = _article_data(comment.article_id)
    return {
        "id": comment.pk,
        "article": articles[comment.article_id],
        "parent_id": comment.parent_id,
        "status": comment.status,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "name": comment.author_name,
        "email": comment.author_email,
        "website": comment.author_url,
        "body": comment.body,
        "email_me_replies": comment.notify_replies,
        "editors_pick": comment.is_editors_pick,
        "upvotes": comment.upvotes,
        "downvotes": comment.downvotes,
        "network_hash": comment.ip_hash,
    }


def _reply_mail_data(holder: Holder) -> list[dict]:
    settings_by_address = []
    for email in holder.emails:
        email_hash = reply_address_hash(email)
        opt_in = ReplyOptIn.objects.filter(email_hash=email_hash).first()
        settings_by_address.append(
            {
                "email": email,
                "confirmed_at": (
                    opt_in.confirmed_at.isoformat()
                    if opt_in and opt_in.confirmed_at
                    else None
                ),
                "opted_out": ReplyOptOut.objects.filter(email_hash=email_hash).exists(),
            }
        )
    return settings_by_address


def _browser_rows(model, holder: Holder, field: str) -> list[dict]:
    if not holder.reader_key:
        return []
    rows = model.objects.filter(reader_key=holder.reader_key).order_by("pk")
    return [
        {**row, "created_at": row["created_at"].isoformat()}
        for row in rows.values("comment_id", field, "created_at")
    ]


def discussion_data_export(holder: Holder) -> dict:
    articles: dict[int, dict] = {}
    return {
        "comments": [
            _comment_data(comment, articles)
            for comment in holder_comments(holder).iterator()
        ],
        "reply_emails": _reply_mail_data(holder),
        # Kept per browser, never per account: the ones cast from the browser
        # that asked for this download.
        "votes_from_this_browser": _browser_rows(CommentVote, holder, "value"),
        "reports_from_this_browser": _browser_rows(CommentReport, holder, "reason"),
    }


def discussion_data_erase(holder: Holder, *, keep_comments: bool) -> set[str]:
    """
    Comments stay under "Deleted reader" (keep_comments) or are removed, their
    text gone (a removed comment with replies stays a placeholder, so the
    thread holds together); either way no name, address, website or network
    hash is left on them. Reply mail settings for the addresses go. Votes and
    reports were never linked to anyone and stay counted.
    Returns the names the comments went by.
    """
    comments = list(holder_comments(holder))
    names = {comment.author_name for comment in comments}
    for comment in comments:
        if not keep_comments and comment.status != CommentStatus.REMOVED:
            comment_moderate(
                comment=comment,
                status=CommentStatus.REMOVED,
                reason="account_deleted",
                source="author",
            )
    anonymous = {
        "account": None,
        "author_name": DELETED_READER,
        "author_email": "",
        "author_url": "",
        "avatar_seed": avatar_seed_for(name=DELETED_READER),
        "ip_hash": "",
        "notify_replies": False,
    }
    if not keep_comments:
        anonymous.update(body="", body_html="")
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(**anonymous)
    hashes = [reply_address_hash(email) for email in holder.emails]
    ReplyOptIn.objects.filter(email_hash__in=hashes).delete()
    ReplyOptOut.objects.filter(email_hash__in=hashes).delete()
    for article_id in {comment.article_id for comment in comments}:
        comments_changed(article_id)
        transaction.on_commit(
            lambda article_id=article_id: article_purge_soon(article_id=article_id),
            robust=True,
        )
    return names
