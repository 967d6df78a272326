"""
The newsroom's page tree — Home › Section (› Section …) › Article — and the
snippets that articles point at. Page models hold fields and panels; what
serving a page does is in serving.py, its queries in selectors.py.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cliffhanger.core.addresses import reverse_once
from cliffhanger.core.models import TimeStampedModel

from .blocks import ArticleBodyBlock
from .restrictions import may_be_restricted, no_restrictions

# How the pages are served (routing, listings, feeds, an article's context):
# newsroom/serving.py, which reads these models through the selectors, so it
# cannot be imported here. NewsroomConfig.ready() plugs it in.
if TYPE_CHECKING:
    from . import serving
else:
    serving = None


class Author(TimeStampedModel, ClusterableModel):
    """A byline: shown in the author box and on /author/<slug>/."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("user account"),
    )
    name = models.CharField(_("display name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    bio = models.TextField(_("bio"), max_length=600, blank=True)
    avatar = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avatar"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("user"),
        FieldPanel("bio"),
        FieldPanel("avatar"),
        InlinePanel("links", label=_("Links")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_once("newsroom:author_detail", self.slug)


class AuthorLink(Orderable):
    """A link on the author's profile: their site, a social account, a portfolio."""

    author = ParentalKey(Author, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=60)
    url = models.URLField(_("URL"))

    panels = [FieldPanel("label"), FieldPanel("url")]

    def __str__(self):
        return f"{self.label}: {self.url}"


class KeptRestrictionsMixin:
    """Wagtail's view-restriction check on serving, skipped (no queries) when
    no restriction covers the page (newsroom/restrictions.py)."""

    def get_view_restrictions(self):
        if not may_be_restricted(self):
            return no_restrictions()
        return super().get_view_restrictions()


class HomePage(KeptRestrictionsMixin, Page):
    """The site's front page: latest articles and Most Popular."""

    intro = models.CharField(_("intro"), max_length=250, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["newsroom.SectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        page = serving.home_page_at(self, path_components)
        if isinstance(page, SectionPage):
            return page.route(request, [])  # its listing, as Wagtail would
        if page is not None:
            return RouteResult(page)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return serving.home_context(self, context, request)


class SectionPage(KeptRestrictionsMixin, RoutablePageMixin, Page):
    """
    A section of the site (Entertainment, TV…); lists every article below it,
    with its feeds at <section>/feed/ (RSS) and <section>/feed/atom/.
    """

    intro = models.CharField(_("intro"), max_length=250, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["newsroom.HomePage", "newsroom.SectionPage"]
    subpage_types = ["newsroom.SectionPage", "newsroom.ArticlePage"]

    class Meta:
        verbose_name = _("section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return serving.section_context(self, context, request)

    @path("")
    def listing(self, request):
        return self.render(request)

    @path("feed/")
    def feed(self, request):
        return serving.section_feed(self, request)

    @path("feed/atom/")
    def feed_atom(self, request):
        return serving.section_feed(self, request, atom=True)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(KeptRestrictionsMixin, Page):
    """A news story. Its URL follows the tree: /<section>/<slug>/."""

    dek = models.TextField(
        _("dek"),
        max_length=300,
        blank=True,
        help_text=_(
            "One or two sentences under the headline, also used as the summary."
        ),
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("featured image"),
    )
    featured_image_alt = models.CharField(
        _("featured image alt text"), max_length=250, blank=True
    )
    featured_image_caption = models.CharField(
        _("featured image caption"), max_length=300, blank=True
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    show_table_of_contents = models.BooleanField(
        _("show a table of contents"), default=False
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("dek"),
        InlinePanel("article_authors", label=_("Authors"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("featured_image"),
                FieldPanel("featured_image_alt"),
                FieldPanel("featured_image_caption"),
            ],
            heading=_("Featured image"),
        ),
        FieldPanel("body"),
        FieldPanel("show_table_of_contents"),
        FieldPanel("tags"),
        InlinePanel(
            "updates",
            label=_("Update log"),
            help_text=_("Add an entry whenever the facts change after publication."),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("dek"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]

    parent_page_types = ["newsroom.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")

    @property
    def summary(self) -> str:
        return self.dek or self.search_description

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return serving.article_context(self, context, request)

    def serve(self, request, *args, **kwargs):
        wagtail_serve = super().serve
        return serving.article_served(
            self, request, lambda: wagtail_serve(request, *args, **kwargs)
        )


# What article_detail_context() returns, by name.
ARTICLE_DETAIL_NAMES = (
    "body_blocks",
    "breadcrumbs",
    "authors",
    "tags",
    "updates",
    "last_updated_at",
    "table_of_contents",
)


class ArticleAuthor(Orderable):
    """Byline order: the first author is the lead."""

    article = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="newsroom_article_author_once"
            )
        ]


class ArticleUpdate(Orderable):
    """A dated correction or update, shown to readers as the article's update log."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="updates")
    updated_at = models.DateTimeField(_("updated at"))
    note = models.CharField(_("what changed"), max_length=300)

    panels = [FieldPanel("updated_at"), FieldPanel("note")]

    def __str__(self):
        return self.note


class ArticleDailyViews(models.Model):
    """Readers per article per day; summed over a week for Most Popular."""

    # Readers' rows: nothing in the admin's "used by" lists needs them, and
    # indexing each would add a background task to every post and vote.
    wagtail_reference_index_ignore = True

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(_("day"), db_index=True)
    views = models.PositiveIntegerField(_("views"), default=0)
    imported_views = models.PositiveIntegerField(
        _("imported views"),
        default=0,
        help_text=_(
            "Views from imports or demo data, with no reader rows behind them."
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day"], name="newsroom_views_one_row_per_day"
            )
        ]
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.views}"


class ArticleViewReader(models.Model):
    """
    Who read what on which day, as a salted hash: the unique constraint makes
    "one view per reader per article per day" hold across app servers.
    Rows older than the Most Popular window are pruned.
    """

    # Readers' rows: nothing in the admin's "used by" lists needs them, and
    # indexing each would add a background task to every post and vote.
    wagtail_reference_index_ignore = True

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"), db_index=True)
    reader_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day", "reader_hash"],
                name="newsroom_one_view_per_reader_day",
            )
        ]

    def __str__(self):
        return f"{self.article_id} on {self.day}"
