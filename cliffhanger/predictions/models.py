"""
Reader predictions: polls on articles and shows, one vote per reader, and
prediction polls that resolve themselves when the tracker records the
season's decisive status. Season ratings use the same one-per-reader rule.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from cliffhanger.core.models import TimeStampedModel


class Poll(TimeStampedModel, ClusterableModel):
    question = models.CharField(_("question"), max_length=200)
    article = models.ForeignKey(
        "newsroom.ArticlePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
        help_text=_("Shown at the end of this article unless placed in its body."),
    )
    show = models.ForeignKey(
        "tracker.Show",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
    )
    season = models.ForeignKey(
        "tracker.Season",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prediction_polls",
        help_text=_("For a prediction: the season whose outcome decides it."),
    )
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    resolved_at = models.DateTimeField(
        _("resolved at"), null=True, blank=True, editable=False
    )
    resolved_status = models.CharField(max_length=16, blank=True, editable=False)
    resolved_by_change = models.ForeignKey(
        "tracker.SeasonStatusChange",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    panels = [
        FieldPanel("question"),
        InlinePanel("options", label=_("Options"), min_num=2, max_num=10),
        MultiFieldPanel(
            [FieldPanel("article"), FieldPanel("show"), FieldPanel("season")],
            heading=_("Where it appears"),
        ),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Open")
        ),
    ]

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("poll")

    def __str__(self):
        return self.question

    @property
    def is_prediction(self) -> bool:
        return self.season_id is not None

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.resolved_at is not None or self.opens_at > now:
            return False
        return self.closes_at is None or self.closes_at > now

    def opens_later(self, now=None) -> bool:
        """Not open yet: an editor set it to open in the future."""
        return self.resolved_at is None and self.opens_at > (now or timezone.now())


class PollOption(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=120)
    outcome = models.CharField(
        _("predicts the status"),
        max_length=16,
        blank=True,
        help_text=_("For a prediction poll: the tracker status this option predicts."),
    )
    vote_count = models.PositiveIntegerField(default=0, editable=False)

    panels = [FieldPanel("label"), FieldPanel("outcome")]

    def __str__(self):
        return self.label


class PollVote(models.Model):
    """One reader's vote; the database refuses a second one from the same reader."""

    # Readers' rows: nothing in the admin's "used by" lists needs them, and
    # indexing each would add a background task to every post and vote.
    wagtail_reference_index_ignore = True

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="votes"
    )
    reader_key = models.CharField(max_length=64)
    address_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "reader_key"], name="predictions_vote_once_per_reader"
            ),
            models.UniqueConstraint(
                fields=["poll", "address_key"], name="predictions_vote_once_per_address"
            ),
        ]

    def __str__(self):
        return f"Vote in poll {self.poll_id}"


class SeasonRating(models.Model):
    # Readers' rows: nothing in the admin's "used by" lists needs them, and
    # indexing each would add a background task to every post and vote.
    wagtail_reference_index_ignore = True

    season = models.ForeignKey(
        "tracker.Season", on_delete=models.CASCADE, related_name="ratings"
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    reader_key = models.CharField(max_length=64)
    address_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["season", "reader_key"], name="predictions_rate_once_per_reader"
            ),
            models.UniqueConstraint(
                fields=["season", "address_key"],
                name="predictions_rate_once_per_address",
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5),
                name="predictions_stars_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.stars}★ for season {self.season_id}"
