"""
Signed webhooks: endpoints editors register, one delivery per event and
endpoint, and every attempt to send it.

A delivery is the unit of work: the task worker claims it, sends it, logs the
attempt and decides what follows (success, a retry at `next_attempt_at`, or
giving up). The rows are the source of truth; tasks only wake the worker.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cliffhanger.core.models import TimeStampedModel

from .signing import secret_generate


class EventType(models.TextChoices):
    SEASON_STATUS_CHANGED = "season.status_changed", _("A season's status changed")
    ARTICLE_PUBLISHED = "article.published", _("An article was published")
    ARTICLE_UPDATED = "article.updated", _("A published article was updated")
    POLL_RESOLVED = "poll.resolved", _("A prediction poll was resolved")
    COMMENT_APPROVED = "comment.approved", _("A comment was approved")


class Endpoint(TimeStampedModel):
    """A receiver's URL, the events it wants, and the secret its deliveries are signed with."""

    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("Where deliveries are POSTed: http(s) on a public address."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(
        _("events"), default=list, help_text=_("The event types sent to this URL.")
    )
    secret = models.CharField(
        _("signing secret"), max_length=100, default=secret_generate, editable=False
    )
    # After a rotation the old secret signs too, for a day, so the receiver
    # can switch over without dropping a delivery (Standard Webhooks sends
    # one signature per secret).
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(
        null=True, blank=True, editable=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Told by email when the endpoint is disabled for failing."),
    )
    enabled = models.BooleanField(_("enabled"), default=True, editable=False)
    disabled_reason = models.CharField(
        _("why disabled"), max_length=200, blank=True, editable=False
    )
    failing_since = models.DateTimeField(
        _("failing since"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["url", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.description or self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed, will retry")
    GAVE_UP = "gave_up", _("Gave up")


class Delivery(TimeStampedModel):
    """One event for one endpoint. The body is signed afresh on every attempt."""

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    message_id = models.CharField(_("message id"), max_length=40)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "message_id"], name="webhooks_message_once"
            )
        ]
        indexes = [
            # The sweeper: deliveries waiting for an attempt that is due.
            models.Index(fields=["status", "next_attempt_at"]),
            # An endpoint's recent deliveries in the admin.
            models.Index(fields=["endpoint", "-created_at"]),
        ]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"{self.event_type} {self.message_id} to endpoint {self.endpoint_id}"


class DeliveryAttempt(models.Model):
    """One POST of a delivery: what came back and how long it took."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempts"
    )
    started_at = models.DateTimeField(_("started at"))
    is_replay = models.BooleanField(_("replayed by an editor"), default=False)
    response_status = models.PositiveSmallIntegerField(
        _("HTTP status"), null=True, blank=True
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    response_excerpt = models.CharField(_("response"), max_length=500, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        indexes = [models.Index(fields=["delivery", "started_at"])]
        verbose_name = _("delivery attempt")

    def __str__(self):
        outcome = self.response_status or self.error
        return f"Attempt on delivery {self.delivery_id}: {outcome}"
