"""
Reader comments on articles. A comment has a status and only approved ones are
public; the rest of the thread machinery (numbering, depth, votes, counts) is
kept in columns so a page of a thousand-comment thread is one query.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from cliffhanger.core.models import TimeStampedModel


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    SPAM = "spam", _("Spam")
    REMOVED = "removed", _("Removed")


class ArticleDiscussion(models.Model):
    """The discussion's side of an article: its exact public comment count and settings."""

    article = models.OneToOneField(
        "newsroom.ArticlePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="discussion",
    )
    comment_count = models.PositiveIntegerField(_("approved comments"), default=0)
    last_number = models.PositiveIntegerField(
        _("last top-level number"),
        default=0,
        help_text=_("Top-level comments are numbered 1, 2, 3… in posting order."),
    )
    hold_all = models.BooleanField(
        _("hold every comment for moderation"), default=False
    )
    closed = models.BooleanField(_("comments closed"), default=False)

    panels = [FieldPanel("hold_all"), FieldPanel("closed")]

    class Meta:
        verbose_name = _("article discussion")

    def __str__(self):
        return f"Discussion of article {self.article_id}"

    @property
    def article_title(self) -> str:
        return self.article.title


class Comment(TimeStampedModel):
    """One reader comment; `root` is its top-level ancestor (itself when top-level)."""

    # Readers' rows: nothing in the admin's "used by" lists needs them, and
    # indexing each would add a background task to every post and vote.
    wagtail_reference_index_ignore = True

    article = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    number = models.PositiveIntegerField(
        _("number"), null=True, blank=True, help_text=_("Top-level comments only.")
    )
    # The reader's account when they commented signed in: it owns the comment
    # (edit and delete from any device). Anonymous comments have none.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("account"),
    )
    # Staff or one of the article's authors, signed in, when they posted it.
    author_verified = models.BooleanField(
        _("verified author"), default=False, editable=False
    )
    author_name = models.CharField(_("name"), max_length=80)
    author_email = models.EmailField(_("email"), blank=True)
    author_url = models.URLField(_("website"), blank=True, max_length=300)
    avatar_seed = models.CharField(max_length=64, editable=False)
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.APPROVED,
        db_index=True,
    )
    is_editors_pick = models.BooleanField(_("editors' pick"), default=False)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    upvotes = models.PositiveIntegerField(default=0, editable=False)
    downvotes = models.PositiveIntegerField(default=0, editable=False)
    score = models.FloatField(
        default=0.0, editable=False, help_text=_("Wilson lower bound of the votes.")
    )
    reply_count = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("Approved direct replies.")
    )
    moderation_reason = models.CharField(
        _("moderation reason"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_(
            "Why the comment has its status (the policy or action that set it)."
        ),
    )
    report_count = models.PositiveIntegerField(_("reports"), default=0, editable=False)
    notify_replies = models.BooleanField(_("email me replies"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "depth", "created_at"]),
            models.Index(fields=["root", "created_at"]),
            models.Index(fields=["status", "-created_at"]),
            # Every post asks whether its client just posted the same text
            # here, and whether its email has an approved comment anywhere:
            # without these, a scan of the thread and of every comment.
            models.Index(fields=["article", "ip_hash", "created_at"]),
            models.Index(Lower("author_email"), name="discussion_comment_email"),
            # A reader with no email is known by an approved comment from
            # their address (policies.submission_standing_read).
            models.Index(fields=["ip_hash", "status"]),
            # An account's approved comments are counted on each of its posts
            # (DISCUSSION_TRUSTED_AFTER_APPROVALS).
            models.Index(
                fields=["account", "status"], name="discussion_comment_account"
            ),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author_name} on article {self.article_id}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("discussion:comment_permalink", kwargs={"comment_id": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == CommentStatus.APPROVED

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def moderation_history(self) -> str:
        """The audit trail as text, newest first (for the admin's inspect view)."""
        return (
            "\n".join(
                f"{action.created_at:%Y-%m-%d %H:%M} {action.from_status or 'new'} → "
                f"{action.to_status} ({action.reason}, {action.source}"
                f"{', ' + action.actor.get_username() if action.actor else ''})"
                for action in self.moderation_actions.select_related("actor")
            )
            or "No moderation yet."
        )

    @property
    def report_history(self) -> str:
        """Who reported it and why, oldest first (for the moderation queue):
        each reporter as the start of their network's salted hash, so two
        reports from one network show as one reporter, and no address shows."""
        return (
            "\n".join(
                f"{report.created_at:%Y-%m-%d %H:%M} reporter "
                f"{report.address_key[:10]}: {report.reason or 'no reason given'}"
                for report in self.reports.order_by("created_at", "pk")
            )
            or "No reports."
        )


class CommentVote(models.Model):
    """
    One up or down vote per reader per comment. Two unique constraints: the
    reader's signed cookie id and the salted hash of their network address,
    so clearing cookies does not buy a second vote.
    """

    # Readers' rows: nothing in the admin's "used by" lists needs them, and
    # indexing each would add a background task to every post and vote.
    wagtail_reference_index_ignore = True

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    reader_key = models.CharField(max_length=64)
    address_key = models.CharField(max_length=64)
    value = models.SmallIntegerField(choices=[(1, "up"), (-1, "down")])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reader_key"], name="discussion_vote_once_per_reader"
            ),
            models.UniqueConstraint(
                fields=["comment", "address_key"],
                name="discussion_vote_once_per_address",
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[1, -1]), name="discussion_vote_up_or_down"
            ),
        ]

    def __str__(self):
        return f"{self.value:+d} on comment {self.comment_id}"


class ModerationAction(models.Model):
    """The audit trail: who (or which policy) changed a comment, when, and why."""

    # Readers' rows: nothing in the admin's "used by" lists needs them, and
    # indexing each would add a background task to every post and vote.
    wagtail_reference_index_ignore = True

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="moderation_actions"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.CharField(_("reason"), max_length=40)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        help_text=_("policy, admin, email link, reader report…"),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation action")

    def __str__(self):
        return f"{self.comment_id}: {self.from_status or 'new'} → {self.to_status} ({self.reason})"


class CommentReport(models.Model):
    """A reader's report of a comment; one per reader per comment."""

    # Readers' rows: nothing in the admin's "used by" lists needs them, and
    # indexing each would add a background task to every post and vote.
    wagtail_reference_index_ignore = True

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports"
    )
    reader_key = models.CharField(max_length=64)
    address_key = models.CharField(max_length=64)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reader_key"],
                name="discussion_report_once_per_reader",
            ),
            models.UniqueConstraint(
                fields=["comment", "address_key"],
                name="discussion_report_once_per_address",
            ),
        ]

    def __str__(self):
        return f"Report on comment {self.comment_id}"


class CommenterBan(TimeStampedModel):
    """
    New comments from a banned email or address go straight to spam; a banned
    account's posts are refused, and it is told so.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email address")
        ADDRESS = "address", _("Address hash")
        ACCOUNT = "account", _("Reader account")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=254,
        help_text=_(
            "The email, or the address hash shown on a comment (never a raw "
            "IP); for an account, its number."
        ),
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("value"),
        FieldPanel("reason"),
        FieldPanel("expires_at"),
    ]

    class Meta:
        indexes = [models.Index(fields=["kind", "value"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="account", account__isnull=False)
                | (~models.Q(kind="account") & models.Q(account__isnull=True)),
                name="discussion_ban_account_kind",
            )
        ]
        verbose_name = _("ban")

    def __str__(self):
        return f"Ban on {self.get_kind_display().lower()}"


class ReplyNotification(models.Model):
    """A reply emailed to the author of the comment it answers: never twice."""

    reply = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Reply {self.reply_id} notified"


class ReplyOptOut(models.Model):
    """An email address that asked for no more reply notifications (stored as a hash)."""

    email_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return "Reply notifications turned off"


class ReplyOptIn(models.Model):
    """
    An email address that confirmed, from a link mailed to it, that it wants
    reply notifications (stored as a hash). Until then nothing is sent to it:
    anyone could type someone else's address into the comment form.
    """

    email_hash = models.CharField(max_length=64, unique=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return "Reply notifications confirmed" if self.confirmed_at else "Unconfirmed"


class ModerationDigest(models.Model):
    """One row per day a moderation digest went out, so it goes out once."""

    sent_on = models.DateField(unique=True)

    def __str__(self):
        return f"Digest of {self.sent_on}"
