"""
Newsletters: what editors define (Newsletter), who asked for it (Subscription,
double opt-in, no account needed), what went out (Issue) and to whom
(Delivery, one row per subscriber and issue: the proof that nobody gets an
issue twice, and the list a resumed send works from).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cliffhanger.core.models import TimeStampedModel

# Addresses under /newsletters/ that are not a newsletter.
RESERVED_SLUGS = {"confirm", "unsubscribe", "account"}
SLUG_RESERVED = "This address is used by the site; choose another slug."


def slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(SLUG_RESERVED)


class NewsletterKind(models.TextChoices):
    HEADLINES = "headlines", _("Headlines: the articles published since the last issue")
    RENEWALS = "renewals", _("Renewal alerts: status changes with the reader forecasts")


class Cadence(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Newsletter(TimeStampedModel):
    """A newsletter editors define: what it is made of, how often it goes, who may subscribe."""

    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, validators=[slug_not_reserved]
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    kind = models.CharField(_("made of"), max_length=16, choices=NewsletterKind.choices)
    section = models.ForeignKey(
        "newsroom.SectionPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("section"),
        help_text=_("Headlines only: the articles of this section (all when empty)."),
    )
    cadence = models.CharField(
        _("cadence"), max_length=8, choices=Cadence.choices, default=Cadence.DAILY
    )
    send_hour = models.PositiveSmallIntegerField(
        _("send hour (UTC)"), default=7, validators=[MaxValueValidator(23)]
    )
    send_weekday = models.PositiveSmallIntegerField(
        _("send day (weekly)"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        db_index=True,
        help_text=_("Listed at /newsletters/, open to subscribe, archive shown."),
    )
    is_active = models.BooleanField(
        _("sends on its schedule"),
        default=True,
        help_text=_("Off: issues go only when an editor sends one."),
    )
    # The last schedule slot the scheduler acted on (composed, or found nothing new).
    last_slot_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(send_hour__lte=23), name="newsletter_send_hour_0_23"
            ),
            models.CheckConstraint(
                condition=models.Q(send_weekday__lte=6),
                name="newsletter_send_weekday_0_6",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("newsletters:detail", kwargs={"slug": self.slug})


class Subscription(TimeStampedModel):
    """
    One address asking for one newsletter. Active once confirmed from the
    emailed link and until unsubscribed. `account` is empty for a reader
    without one; signing in later attaches every subscription with that
    email (services.subscriptions_attach_account).
    """

    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(_("email"), max_length=254, db_index=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,  # a deleted account leaves no address behind
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "email"], name="newsletter_subscription_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["newsletter", "confirmed_at", "unsubscribed_at"],
                name="newsletter_sub_active_idx",
            )
        ]

    def __str__(self):
        return f"Subscription {self.pk} to {self.newsletter_id}"  # never the email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Issue(TimeStampedModel):
    """
    One edition: its content is composed once (composers.py) and stored as
    HTML and plain text, so the archive shows what was sent and every batch
    sends the same thing.
    """

    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="issues"
    )
    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(
        _("intro"), blank=True, help_text=_("Plain text shown above the contents.")
    )
    content_html = models.TextField(editable=False)
    content_text = models.TextField(editable=False)
    period_start = models.DateTimeField(_("from"), editable=False)
    period_end = models.DateTimeField(_("until"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=IssueStatus.choices,
        default=IssueStatus.DRAFT,
        editable=False,
    )
    send_at = models.DateTimeField(
        _("send at"),
        null=True,
        blank=True,
        help_text=_("When scheduled: the worker sends it at this time (UTC)."),
    )
    # The schedule slot this issue was composed for (none for an editor's own).
    slot_at = models.DateTimeField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    recipient_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "slot_at"], name="newsletter_issue_one_per_slot"
            )
        ]
        indexes = [
            models.Index(fields=["newsletter", "status", "-sent_at"]),
            models.Index(fields=["status", "send_at"]),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse(
            "newsletters:issue",
            kwargs={"slug": self.newsletter.slug, "issue_id": self.pk},
        )


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Refused by the mail server")
    SKIPPED = "skipped", _("Unsubscribed before it went")
    # A worker died between taking it and recording the result: it may have
    # gone, so it is never sent again.
    UNCERTAIN = "uncertain", _("Maybe sent (the worker stopped)")


class Delivery(models.Model):
    """One issue to one subscriber: created before sending, unique, claimed once."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscription"], name="newsletter_one_delivery_each"
            )
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self):
        return f"Issue {self.issue_id} to subscription {self.subscription_id}"
