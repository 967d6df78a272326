"""
Email about comments, always from the task worker, never in the request:

- reply notices to commenters who ticked "email me replies" and confirmed
  their address from the link mailed to it (once per address, at most one
  such mail a day; the link is spent once used, see core.confirm_links),
  or to signed-in commenters who turned them on for their verified address
  on /account/, each with a signed one-click unsubscribe link;
- notices of held comments to moderators and the article's authors, with
  signed approve / spam / remove links that work without logging in and
  expire after DISCUSSION_MODERATION_LINK_HOURS (or one daily digest, by
  DISCUSSION_MODERATOR_NOTICES).

Header values are built from editor and reader text, so every one passes
through header_safe(): a name with CR/LF cannot add headers.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cliffhanger.accounts.selectors import user_verified_email
from cliffhanger.core.confirm_links import confirm_token_is_spent, confirm_token_make
from cliffhanger.core.http import site_url
from cliffhanger.core.privacy import client_hash
from cliffhanger.newsroom.models import ArticleAuthor

from .models import (
    Comment,
    CommentStatus,
    ModerationDigest,
    ReplyNotification,
    ReplyOptIn,
    ReplyOptOut,
)

ACTION_SALT = "discussion.moderation.link"
UNSUBSCRIBE_SALT = "discussion.replies.unsubscribe"
CONFIRM_SALT = "discussion.replies.confirm"
CONFIRM_LINK_DAYS = 7
# One confirmation mail per address per this many hours, however often asked.
CONFIRM_RESEND_HOURS = 24
CONFIRM_LINK_INVALID = "This confirmation link is not valid."
CONFIRM_LINK_EXPIRED = "This confirmation link has expired: tick “email me replies” on your next comment to get a new one."
CONFIRM_LINK_USED = "This confirmation link has been used already. To get reply emails again, tick “email me replies” on your next comment."
LINK_ACTIONS = {
    "approve": CommentStatus.APPROVED,
    "spam": CommentStatus.SPAM,
    "remove": CommentStatus.REMOVED,
}
LINK_INVALID = "This moderation link is not valid."
LINK_EXPIRED = (
    "This moderation link has expired; moderate the comment in the admin instead."
)


class LinkError(Exception):
    pass


class LinkDone(Exception):
    """A moderation link whose comment was moderated since it was made."""

    def __init__(self, comment: Comment):
        super().__init__(comment.pk)
        self.comment = comment
        self.action = comment.moderation_actions.select_related("actor").first()


def header_safe(value: str, limit: int = 150) -> str:
    """One line, no control characters: safe inside an email header."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    return " ".join(text.split())[:limit]


def reply_address_hash(email: str) -> str:
    """How reply-mail settings know an address: a salted hash, never the address."""
    return client_hash("reply-optout", email.strip().lower())


# Moderation links ---------------------------------------------------------


def moderation_link(*, comment: Comment, action: str, user) -> str:
    # "s": the status the link was made for; it acts only while that holds.
    token = signing.dumps(
        {"c": comment.pk, "a": action, "u": user.pk, "s": comment.status},
        salt=ACTION_SALT,
    )
    return site_url(reverse("discussion:moderation_link", kwargs={"token": token}))


def moderation_link_read(token: str):
    """
    (comment, status, user) from a signed link, or LinkError saying why not.
    A link acts once: when the comment's status has changed since the link
    was made (by it, another link or the admin), it raises LinkDone with
    what was done, when and by whom.
    """
    max_age = timedelta(hours=settings.DISCUSSION_MODERATION_LINK_HOURS).total_seconds()
    try:
        data = signing.loads(token, salt=ACTION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError(LINK_EXPIRED) from None
    except signing.BadSignature:
        raise LinkError(LINK_INVALID) from None
    comment = Comment.objects.select_related("article").filter(pk=data.get("c")).first()
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    status = LINK_ACTIONS.get(data.get("a"))
    if comment is None or user is None or status is None:
        raise LinkError(LINK_INVALID)
    if not user.has_perm("discussion.change_comment"):
        raise LinkError(LINK_INVALID)
    made_for = data.get("s")
    if made_for is not None and comment.status != made_for:
        raise LinkDone(comment)
    return comment, status, user


def _moderators():
    """Active users who may moderate and have an email address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return [user for user in users if user.has_perm("discussion.change_comment")]


def _article_author_users(article):
    return [
        link.author.user
        for link in ArticleAuthor.objects.filter(article=article).select_related(
            "author__user"
        )
        if link.author.user and link.author.user.email and link.author.user.is_active
    ]


def held_comment_notify(*, comment_id: int) -> int:
    """Tell moderators and the article's authors about a held comment, with action links."""
    if settings.DISCUSSION_MODERATOR_NOTICES != "each":
        return 0
    comment = Comment.objects.select_related("article").get(pk=comment_id)
    if comment.status != CommentStatus.PENDING:
        return 0
    recipients = {
        user.pk: user
        for user in [*_moderators(), *_article_author_users(comment.article)]
    }
    sent = 0
    for user in recipients.values():
        can_moderate = user.has_perm("discussion.change_comment")
        lines = [
            f"{comment.author_name} commented on “{comment.article.title}” and the comment is "
            f"waiting for moderation (reason: {comment.moderation_reason or 'policy'}).",
            "",
            comment.body,
            "",
        ]
        if can_moderate:
            lines += [
                f"{label}: {moderation_link(comment=comment, action=action, user=user)}"
                for action, label in (
                    ("approve", "Approve"),
                    ("spam", "Spam"),
                    ("remove", "Remove"),
                )
            ]
            lines.append(
                f"(These links work for {settings.DISCUSSION_MODERATION_LINK_HOURS} hours.)"
            )
        lines.append(
            f"The queue: {site_url('/admin/snippets/discussion/comment/?status=pending')}"
        )
        EmailMessage(
            subject=header_safe(
                f"Comment awaiting moderation: {comment.article.title}"
            ),
            body="\n".join(lines),
            to=[user.email],
        ).send()
        sent += 1
    return sent


def moderation_digest_send(*, today=None) -> int:
    """Once a day: every pending comment, to every moderator. Returns emails sent."""
    if settings.DISCUSSION_MODERATOR_NOTICES != "digest":
        return 0
    today = today or timezone.localdate()
    pending = list(
        Comment.objects.filter(status=CommentStatus.PENDING).select_related("article")[
            :200
        ]
    )
    if not pending:
        return 0
    try:
        with transaction.atomic():
            ModerationDigest.objects.create(sent_on=today)
    except IntegrityError:
        return 0  # already sent today
    moderators = _moderators()
    for user in moderators:
        body = [f"{len(pending)} comment(s) are waiting for moderation:", ""]
        for comment in pending:
            body.append(
                f"- {comment.author_name} on “{comment.article.title}”: {comment.body[:200]}"
            )
            body.append(
                f"  Approve: {moderation_link(comment=comment, action='approve', user=user)}"
            )
        EmailMessage(
            subject=header_safe(f"Cliffhanger: {len(pending)} comment(s) to moderate"),
            body="\n".join(body),
            to=[user.email],
        ).send()
    return len(moderators)


# Reply notices ------------------------------------------------------------


def reply_unsubscribe_url(email: str) -> str:
    token = signing.dumps({"h": reply_address_hash(email)}, salt=UNSUBSCRIBE_SALT)
    return site_url(reverse("discussion:replies_unsubscribe", kwargs={"token": token}))


def replies_unsubscribe(*, token: str) -> None:
    """Stop reply mails to the link's address; a confirmation link mailed
    before this no longer works (only a new "email me replies" asks again)."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise LinkError("This unsubscribe link is not valid.") from None
    _replies_stop(email_hash=str(data.get("h", ""))[:64])


def _replies_stop(*, email_hash: str) -> None:
    """No more reply mails to the address; its open confirmation link dies too."""
    with transaction.atomic():
        ReplyOptOut.objects.get_or_create(email_hash=email_hash)
        ReplyOptIn.objects.filter(email_hash=email_hash).update(
            confirmation_sent_at=None
        )


def replies_wanted(*, email: str) -> bool:
    """Whether reply mails go to `email`: confirmed, and not unsubscribed since."""
    email_hash = reply_address_hash(email)
    return (
        ReplyOptIn.objects.filter(email_hash=email_hash, confirmed_at__isnull=False)
        .exclude(
            email_hash__in=ReplyOptOut.objects.filter(email_hash=email_hash).values(
                "email_hash"
            )
        )
        .exists()
    )


def replies_for_account_set(*, email: str, wanted: bool) -> None:
    """
    A signed-in reader's "email me when someone replies" switch, for their
    verified address (`email`, accounts.selectors.user_verified_email): on,
    the address counts as confirmed at once (signing in proved it) and an
    earlier unsubscribe is undone; off, it is unsubscribed as by the mail's link.
    The switch is the address's, so an anonymous opt-in of the same address
    is the same switch.
    """
    email_hash = reply_address_hash(email)
    if not wanted:
        _replies_stop(email_hash=email_hash)
        return
    with transaction.atomic():
        ReplyOptIn.objects.get_or_create(email_hash=email_hash)
        ReplyOptIn.objects.filter(
            email_hash=email_hash, confirmed_at__isnull=True
        ).update(confirmed_at=timezone.now(), confirmation_sent_at=None)
        ReplyOptOut.objects.filter(email_hash=email_hash).delete()


def reply_confirm_url(email: str, *, asked_at) -> str:
    """The link that confirms `email`, for the confirmation mail sent at `asked_at`."""
    token = confirm_token_make(
        {"h": reply_address_hash(email)}, salt=CONFIRM_SALT, asked_at=asked_at
    )
    return site_url(reverse("discussion:replies_confirm", kwargs={"token": token}))


def reply_confirmation_send(*, comment_id: int) -> bool:
    """
    Ask the address a commenter gave with "email me replies" to confirm it,
    unless it already has (and has not unsubscribed since), or was asked in
    the last CONFIRM_RESEND_HOURS. Returns whether a mail went.
    """
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None or not comment.notify_replies or not comment.author_email:
        return False
    email_hash = reply_address_hash(comment.author_email)
    opt_in, _ = ReplyOptIn.objects.get_or_create(email_hash=email_hash)
    opted_out = ReplyOptOut.objects.filter(email_hash=email_hash).exists()
    if opt_in.confirmed_at is not None and not opted_out:
        return False
    now = timezone.now()
    due = ReplyOptIn.objects.filter(pk=opt_in.pk).filter(
        Q(confirmation_sent_at__isnull=True)
        | Q(confirmation_sent_at__lt=now - timedelta(hours=CONFIRM_RESEND_HOURS))
    )
    if not due.update(confirmation_sent_at=now):
        return False  # asked recently (or by a parallel task): no second mail
    EmailMessage(
        subject=header_safe(
            f"Confirm reply notifications from {settings.WAGTAIL_SITE_NAME}"
        ),
        body="\n".join(
            [
                "Someone, we hope you, asked to be emailed when readers reply to a "
                f"comment on “{comment.article.title}”.",
                "",
                "To get those emails, confirm here: "
                + reply_confirm_url(comment.author_email, asked_at=now),
                "",
                "If it was not you, ignore this message: nothing will be sent.",
            ]
        ),
        to=[comment.author_email],
    ).send()
    return True


def _reply_opt_in_from_token(token: str, *, lock: bool = False) -> ReplyOptIn:
    """The ReplyOptIn an open confirmation link is for, or LinkError: not
    valid, expired, or used already (spent links never act again)."""
    try:
        data = signing.loads(
            token, salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRM_LINK_DAYS)
        )
    except signing.SignatureExpired:
        raise LinkError(CONFIRM_LINK_EXPIRED) from None
    except signing.BadSignature:
        raise LinkError(CONFIRM_LINK_INVALID) from None
    rows = ReplyOptIn.objects.select_for_update() if lock else ReplyOptIn.objects
    opt_in = rows.filter(email_hash=str(data.get("h", ""))[:64]).first()
    if opt_in is None:
        raise LinkError(CONFIRM_LINK_INVALID)
    if confirm_token_is_spent(data, asked_at=opt_in.confirmation_sent_at):
        raise LinkError(CONFIRM_LINK_USED)
    return opt_in


def reply_confirm_check(*, token: str) -> None:
    """Raise LinkError if the link could not confirm; changes nothing."""
    _reply_opt_in_from_token(token)


def replies_confirm(*, token: str) -> None:
    """
    Confirm the address in a reply-notification link, once: confirming spends
    the link, so one kept after unsubscribing cannot turn the mails back on.
    Undoes an opt-out made before the link was mailed (asking again is how a
    reader who unsubscribed comes back). Raises LinkError, changing nothing.
    """
    with transaction.atomic():
        opt_in = _reply_opt_in_from_token(token, lock=True)
        opt_in.confirmed_at = timezone.now()
        opt_in.confirmation_sent_at = None
        opt_in.save(update_fields=["confirmed_at", "confirmation_sent_at"])
        ReplyOptOut.objects.filter(email_hash=opt_in.email_hash).delete()


def _reply_recipient(reply: Comment) -> str | None:
    """
    The address to tell about `reply`, or None: the parent's account's
    verified address (an active account's), or the address an anonymous
    parent gave with "email me replies"; never the reply's own author (same
    account or same address), and only while that address wants the mails.
    """
    parent = reply.parent
    if parent is None or reply.status != CommentStatus.APPROVED:
        return None
    if parent.account_id is not None:
        if not parent.account.is_active or reply.account_id == parent.account_id:
            return None
        email = user_verified_email(user=parent.account)
    else:
        email = parent.author_email if parent.notify_replies else None
    if not email:
        return None
    senders = {reply.author_email, reply.account.email if reply.account else ""}
    if email.strip().lower() in {sender.strip().lower() for sender in senders}:
        return None
    return email if replies_wanted(email=email) else None


def reply_notify(*, reply_id: int) -> bool:
    """Email the parent comment's author about an approved reply, once, if
    their address confirmed it wants such mail (_reply_recipient)."""
    reply = Comment.objects.select_related("parent__account", "article", "account").get(
        pk=reply_id
    )
    recipient = _reply_recipient(reply)
    if recipient is None:
        return False
    try:
        with transaction.atomic():
            ReplyNotification.objects.create(reply=reply)
            unsubscribe = reply_unsubscribe_url(recipient)
            EmailMessage(
                subject=header_safe(f"{reply.author_name} replied to your comment"),
                body="\n".join(
                    [
                        f"{reply.author_name} replied to your comment on “{reply.article.title}”:",
                        "",
                        reply.body,
                        "",
                        f"Read the thread: {site_url(reply.article.url)}#comment-{reply.pk}",
                        "",
                        f"No more reply emails: {unsubscribe}",
                    ]
                ),
                to=[recipient],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            ).send()
    except IntegrityError:
        return False
    return True
