"""
The show tracker: networks, people, shows, seasons and their renewal story.

A season's status is never a field to edit: each change is a new
SeasonStatusChange row (append-only, dated, sourced), and the current status
is whichever row has the latest effective date (see selectors.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from cliffhanger.core.addresses import reverse_once
from cliffhanger.core.models import TimeStampedModel


class SeasonStatus(models.TextChoices):
    IN_DEVELOPMENT = "in_development", _("In development")
    RENEWED = "renewed", _("Renewed")
    IN_PRODUCTION = "in_production", _("In production")
    DATE_ANNOUNCED = "date_announced", _("Release date announced")
    AIRING = "airing", _("Airing")
    AWAITING = "awaiting", _("Awaiting decision")
    CANCELLED = "cancelled", _("Cancelled")
    ENDED = "ended", _("Ended")


# Statuses that settle a season's future: nothing more is awaited after them.
DECISIVE_STATUSES = {SeasonStatus.RENEWED, SeasonStatus.CANCELLED, SeasonStatus.ENDED}


class ShowType(models.TextChoices):
    SCRIPTED = "scripted", _("Scripted")
    MINISERIES = "miniseries", _("Miniseries")
    REALITY = "reality", _("Reality")
    DOCUMENTARY = "documentary", _("Documentary")
    ANIMATION = "animation", _("Animation")
    TALK = "talk", _("Talk show")
    GAME = "game", _("Game show")


class StatementDirection(models.TextChoices):
    RENEWAL = "renewal", _("Points towards renewal")
    CANCELLATION = "cancellation", _("Points towards cancellation")
    NEITHER = "neither", _("Neither")


class Network(TimeStampedModel):
    """A broadcaster or streaming service."""

    class Kind(models.TextChoices):
        BROADCAST = "broadcast", _("Broadcast network")
        CABLE = "cable", _("Cable channel")
        STREAMING = "streaming", _("Streaming service")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.STREAMING
    )
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("website"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")

    def __str__(self):
        return self.name


class Person(index.Indexed, TimeStampedModel):
    """Someone in front of or behind the camera, or quoted about a show."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=600)
    tvmaze_id = models.PositiveIntegerField(
        _("TVmaze id"), null=True, blank=True, unique=True
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("tvmaze_id"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class Genre(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Show(index.Indexed, TimeStampedModel, ClusterableModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="shows",
        verbose_name=_("network"),
    )
    show_type = models.CharField(
        _("type"), max_length=12, choices=ShowType.choices, default=ShowType.SCRIPTED
    )
    synopsis = models.TextField(_("synopsis"), blank=True)
    premiere_date = models.DateField(_("premiere date"), null=True, blank=True)
    genres = ParentalManyToManyField(Genre, blank=True, related_name="shows")
    creators = ParentalManyToManyField(
        Person, blank=True, related_name="created_shows", verbose_name=_("creators")
    )
    source_title = models.CharField(_("based on (title)"), max_length=200, blank=True)
    source_author = models.CharField(_("based on (author)"), max_length=120, blank=True)
    source_year = models.PositiveSmallIntegerField(
        _("based on (year)"), null=True, blank=True
    )
    tvmaze_id = models.PositiveIntegerField(
        _("TVmaze id"), null=True, blank=True, unique=True
    )
    imdb_id = models.CharField(_("IMDb id"), max_length=20, blank=True)
    poster = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("poster"),
        help_text=_(
            "Portrait (2:3): the show page and the board. Alt text: the image's description."
        ),
    )
    still = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wide still"),
        help_text=_("Landscape (16:9): the show page's banner and its social card."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("network"),
        FieldPanel("show_type"),
        FieldPanel("premiere_date"),
        FieldPanel("synopsis"),
        FieldPanel("genres"),
        FieldPanel("creators"),
        MultiFieldPanel(
            [FieldPanel("poster"), FieldPanel("still")], heading=_("Pictures")
        ),
        MultiFieldPanel(
            [
                FieldPanel("source_title"),
                FieldPanel("source_author"),
                FieldPanel("source_year"),
            ],
            heading=_("Source material"),
        ),
        MultiFieldPanel(
            [FieldPanel("tvmaze_id"), FieldPanel("imdb_id")], heading=_("External ids")
        ),
        InlinePanel("cast", label=_("Cast")),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("synopsis"),
        index.FilterField("network_id"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("show")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_once("tracker:show_detail", self.slug)


class CastMember(Orderable):
    show = ParentalKey(Show, on_delete=models.CASCADE, related_name="cast")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    character = models.CharField(_("character"), max_length=120)

    panels = [FieldPanel("person"), FieldPanel("character")]

    def __str__(self):
        return f"{self.person} as {self.character}"


class Season(TimeStampedModel):
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField(_("season number"))
    episode_count = models.PositiveSmallIntegerField(
        _("episodes"), null=True, blank=True
    )
    premiere_date = models.DateField(_("premiere date"), null=True, blank=True)
    finale_date = models.DateField(_("finale date"), null=True, blank=True)
    tvmaze_id = models.PositiveIntegerField(
        _("TVmaze id"), null=True, blank=True, unique=True
    )

    panels = [
        FieldPanel("show"),
        FieldPanel("number"),
        FieldPanel("episode_count"),
        FieldPanel("premiere_date"),
        FieldPanel("finale_date"),
    ]

    class Meta:
        ordering = ["show__title", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "number"], name="tracker_one_season_number_per_show"
            )
        ]
        verbose_name = _("season")

    def __str__(self):
        return f"{self.show} season {self.number}"


class Episode(models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="episodes"
    )
    number = models.PositiveSmallIntegerField(
        _("episode number"), null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    airdate = models.DateField(_("air date"), null=True, blank=True)
    tvmaze_id = models.PositiveIntegerField(
        _("TVmaze id"), null=True, blank=True, unique=True
    )

    class Meta:
        ordering = ["season", "number"]

    def __str__(self):
        return f"{self.season} episode {self.number}: {self.title}"


class SeasonStatusChange(models.Model):
    """One dated, sourced step in a season's story. Never edited; a correction is a new row."""

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=16, choices=SeasonStatus.choices)
    effective_date = models.DateField(_("effective date"), db_index=True)
    source_outlet = models.CharField(_("source"), max_length=120, blank=True)
    source_url = models.URLField(_("source URL"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["effective_date", "recorded_at", "pk"]
        indexes = [models.Index(fields=["season", "-effective_date", "-recorded_at"])]
        verbose_name = _("status change")

    def __str__(self):
        return f"{self.season}: {self.get_status_display()} on {self.effective_date}"


class Statement(index.Indexed, TimeStampedModel):
    """Something said on the record about a show's future."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="statements"
    )
    role = models.CharField(_("role"), max_length=160, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    quote = models.TextField(_("quote"))
    said_on = models.DateField(_("date"))
    source_outlet = models.CharField(_("source"), max_length=120, blank=True)
    source_url = models.URLField(_("source URL"), blank=True)
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="statements")
    season = models.ForeignKey(
        Season,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
    )
    direction = models.CharField(
        _("points towards"),
        max_length=12,
        choices=StatementDirection.choices,
        default=StatementDirection.NEITHER,
    )

    panels = [
        FieldPanel("person"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("quote"),
        FieldPanel("said_on"),
        FieldPanel("source_outlet"),
        FieldPanel("source_url"),
        FieldPanel("show"),
        FieldPanel("season"),
        FieldPanel("direction"),
    ]
    search_fields = [index.SearchField("quote"), index.AutocompleteField("quote")]

    class Meta:
        ordering = ["-said_on"]
        verbose_name = _("statement")

    def __str__(self):
        excerpt = self.quote if len(self.quote) <= 60 else self.quote[:57] + "…"
        return f"{self.person}: “{excerpt}”"


class ArticleCoverage(Orderable):
    """
    "This article covers that show (and season)": owned by the tracker, edited
    on the article's page in the admin and versioned with its revisions.
    """

    article = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="coverage"
    )
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="coverage")
    season = models.ForeignKey(
        Season,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coverage",
        help_text=_("Leave empty for the show's latest season."),
    )

    panels = [FieldPanel("show"), FieldPanel("season")]

    class Meta(Orderable.Meta):
        verbose_name = _("show covered")

    def __str__(self):
        return f"{self.article_id} covers {self.show}"


class ShowFollow(TimeStampedModel):
    """A reader who asked for an email when one of the show's seasons changes status."""

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="follows")
    email = models.EmailField(_("email"))
    # Empty for a reader without an account; set when the follow's address is
    # proven by signing in (follows.show_follows_attach_account) or when the
    # reader follows from /account/.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,  # a deleted account leaves no address behind
        null=True,
        blank=True,
        related_name="show_follows",
        verbose_name=_("account"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["show", "email"], name="tracker_follow_once"
            )
        ]
        verbose_name = _("show follower")

    def __str__(self):
        return f"Follower of {self.show}"  # never the email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class StatusNotification(models.Model):
    """One email about one status change to one follower: never sent twice."""

    change = models.ForeignKey(
        SeasonStatusChange, on_delete=models.CASCADE, related_name="notifications"
    )
    follow = models.ForeignKey(
        ShowFollow, on_delete=models.CASCADE, related_name="notifications"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["change", "follow"], name="tracker_notify_once"
            )
        ]

    def __str__(self):
        return f"Change {self.change_id} to follower {self.follow_id}"
