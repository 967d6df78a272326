"""
What the API may show, as querysets that read each list in a fixed number of
queries whatever its length. Only public things: live articles outside view
restrictions, approved comments on those, polls that have opened and whose
article (if any) is public.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from cliffhanger.caching.fragments import remembered
from cliffhanger.discussion.models import ArticleDiscussion, Comment, CommentStatus
from cliffhanger.newsroom.models import ArticleAuthor, ArticlePage, SectionPage
from cliffhanger.newsroom.selectors import article_ids_live_public, public
from cliffhanger.predictions.models import Poll
from cliffhanger.tracker.models import (
    ArticleCoverage,
    SeasonStatusChange,
    Show,
    Statement,
)
from cliffhanger.tracker.selectors import (
    OLDEST_FIRST,
    season_list_with_status,
    shows_with_latest_season,
)


def api_articles() -> QuerySet:
    return (
        public(ArticlePage.objects.live())
        .defer_streamfields()
        .annotate(
            comment_count=Subquery(
                ArticleDiscussion.objects.filter(article=OuterRef("pk")).values(
                    "comment_count"
                )[:1]
            )
        )
        .prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by(
                    "sort_order"
                ),
            ),
            "tags",
            Prefetch(
                "coverage",
                queryset=ArticleCoverage.objects.select_related("show").order_by(
                    "sort_order"
                ),
            ),
        )
    )


def api_article_with_body() -> QuerySet:
    return api_articles().defer(None).prefetch_related("updates")


def api_sections_by_path() -> dict[str, SectionPage]:
    """Every public section by tree path: an article's section is its nearest one."""
    return remembered(
        "api-sections-by-path",
        tags=("articles",),
        compute=lambda: {
            section.path: section
            for section in public(SectionPage.objects.live()).only(
                "title", "slug", "path"
            )
        },
    )


def section_of(path: str, sections: dict[str, SectionPage]) -> SectionPage | None:
    for end in range(len(path) - 4, 0, -4):
        if path[:end] in sections:
            return sections[path[:end]]
    return None


def api_seasons() -> QuerySet:
    return (
        season_list_with_status()
        .select_related("show", "show__network")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=SeasonStatusChange.objects.order_by(*OLDEST_FIRST),
                to_attr="history",
            )
        )
    )


def api_shows() -> QuerySet:
    seasons = season_list_with_status().order_by("number")
    return Show.objects.select_related("network").prefetch_related(
        "genres", "creators", Prefetch("seasons", queryset=seasons)
    )


def shows_with_latest_status(status: str) -> QuerySet:
    """Shows whose latest season's current status is `status`."""
    current = season_list_with_status().filter(pk=OuterRef("latest_season_id"))
    return shows_with_latest_season().filter(
        Exists(current.filter(current_status=status))
    )


def api_statements() -> QuerySet:
    return Statement.objects.select_related("person", "show", "season")


def _placed_in_a_hidden_page() -> QuerySet:
    """References to the poll from a page body readers cannot see (a draft, a
    private article), from Wagtail's reference index: such a poll may have no
    `article` of its own."""
    public_ids = public(ArticlePage.objects.live()).values(
        text_id=Cast("pk", CharField())
    )
    return ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(Poll),
        to_object_id=Cast(OuterRef("pk"), CharField()),
        base_content_type=ContentType.objects.get_for_model(Page),
    ).exclude(object_id__in=public_ids)


def api_polls() -> QuerySet:
    return (
        Poll.objects.filter(opens_at__lte=timezone.now())
        .filter(Q(article__isnull=True) | Q(article_id__in=article_ids_live_public()))
        .exclude(Exists(_placed_in_a_hidden_page()))
        .select_related("show", "season")
        .prefetch_related("options")
    )


def api_comments(*, article_id: int) -> QuerySet:
    return Comment.objects.filter(
        article_id=article_id, status=CommentStatus.APPROVED
    ).only(
        "pk",
        "article_id",
        "parent_id",
        "root_id",
        "depth",
        "number",
        "author_name",
        "author_url",
        "body_html",
        "created_at",
        "edited_at",
        "upvotes",
        "downvotes",
        "reply_count",
        "is_editors_pick",
    )
