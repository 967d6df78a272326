"""
The API's shapes. Links are absolute; statuses come as a code and a label;
sources as outlet and URL. Nothing here reads the database: the selectors
fetch what these show, so a page of 100 costs what a page of 1 does.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cliffhanger.predictions.selectors import poll_results
from cliffhanger.tracker.models import SeasonStatus, ShowType, StatementDirection
from cliffhanger.tracker.selectors import status_label

from .selectors import section_of


def absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


class NamedLinkSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class SectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    slug = serializers.CharField()


class SourceSerializer(serializers.Serializer):
    outlet = serializers.CharField(source="source_outlet")
    url = serializers.CharField(source="source_url")


class ShowLinkSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, show) -> str:
        return absolute(self.context.get("request"), show.get_absolute_url())


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    dek = serializers.CharField()
    url = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField()
    section = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    shows = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField()
    last_published_at = serializers.DateTimeField()
    comment_count = serializers.SerializerMethodField()

    def get_url(self, article) -> str:
        request = self.context.get("request")
        return absolute(request, article.get_url(request) or "")

    @extend_schema_field(NamedLinkSerializer(many=True))
    def get_authors(self, article):
        return [
            {"name": link.author.name, "slug": link.author.slug}
            for link in article.article_authors.all()
        ]

    @extend_schema_field(SectionSerializer(allow_null=True))
    def get_section(self, article):
        section = section_of(article.path, self.context["sections"])
        if section is None:
            return None
        return {"title": section.title, "slug": section.slug}

    def get_tags(self, article) -> list[str]:
        return sorted(tag.slug for tag in article.tags.all())

    def get_shows(self, article) -> list[str]:
        return [coverage.show.slug for coverage in article.coverage.all()]

    def get_comment_count(self, article) -> int:
        return article.comment_count or 0


class ArticleUpdateSerializer(serializers.Serializer):
    updated_at = serializers.DateTimeField()
    note = serializers.CharField()


class ArticleDetailSerializer(ArticleSerializer):
    body_html = serializers.CharField(source="api_body_html")
    body = serializers.SerializerMethodField(
        help_text="The body as Wagtail's StreamField JSON."
    )
    updates = ArticleUpdateSerializer(many=True, source="updates.all")
    comments_url = serializers.SerializerMethodField()

    def get_body(self, article) -> list[dict]:
        return article.body.get_prep_value()

    def get_comments_url(self, article) -> str:
        url = reverse("api:article-comments", kwargs={"pk": article.pk})
        return absolute(self.context.get("request"), url)


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SeasonStatus.choices)
    label = serializers.CharField(source="get_status_display")
    effective_date = serializers.DateField()
    recorded_at = serializers.DateTimeField()
    note = serializers.CharField()
    source = SourceSerializer(source="*")


class CurrentStatusMixin(serializers.Serializer):
    status = serializers.CharField(source="current_status", allow_null=True)
    status_label = serializers.SerializerMethodField()
    status_since = serializers.DateField(source="current_status_date", allow_null=True)

    def get_status_label(self, season) -> str | None:
        return status_label(season.current_status) if season.current_status else None


class SeasonInShowSerializer(CurrentStatusMixin):
    id = serializers.IntegerField(source="pk")
    number = serializers.IntegerField()


class SeasonSerializer(CurrentStatusMixin):
    id = serializers.IntegerField(source="pk")
    show = ShowLinkSerializer()
    network = NamedLinkSerializer(source="show.network")
    number = serializers.IntegerField()
    episode_count = serializers.IntegerField(allow_null=True)
    premiere_date = serializers.DateField(allow_null=True)
    finale_date = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()
    history = StatusChangeSerializer(many=True)

    def get_url(self, season) -> str:
        url = f"{season.show.get_absolute_url()}#season-{season.number}"
        return absolute(self.context.get("request"), url)


class ShowSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    network = NamedLinkSerializer()
    type = serializers.ChoiceField(source="show_type", choices=ShowType.choices)
    synopsis = serializers.CharField()
    premiere_date = serializers.DateField(allow_null=True)
    genres = NamedLinkSerializer(many=True, source="genres.all")
    creators = NamedLinkSerializer(many=True, source="creators.all")
    seasons = SeasonInShowSerializer(many=True, source="seasons.all")
    tvmaze_id = serializers.IntegerField(allow_null=True)
    imdb_id = serializers.CharField()

    def get_url(self, show) -> str:
        return absolute(self.context.get("request"), show.get_absolute_url())


class StatementSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    person = NamedLinkSerializer()
    role = serializers.CharField()
    organisation = serializers.CharField()
    quote = serializers.CharField()
    said_on = serializers.DateField()
    source = SourceSerializer(source="*")
    show = ShowLinkSerializer()
    season_number = serializers.IntegerField(source="season.number", allow_null=True)
    direction = serializers.ChoiceField(choices=StatementDirection.choices)


class PollOptionSerializer(serializers.Serializer):
    label = serializers.CharField(source="option.label")
    predicts_status = serializers.CharField(source="option.outcome")
    votes = serializers.IntegerField()
    percent = serializers.IntegerField()
    is_outcome = serializers.BooleanField()


class PollResolutionSerializer(serializers.Serializer):
    status = serializers.CharField(source="poll.resolved_status")
    resolved_at = serializers.DateTimeField(source="poll.resolved_at")
    readers_right_percent = serializers.IntegerField(source="verdict_percent")


class PollSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    question = serializers.CharField()
    show = ShowLinkSerializer(allow_null=True)
    season_id = serializers.IntegerField(allow_null=True)
    article_id = serializers.IntegerField(allow_null=True)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField(allow_null=True)
    is_open = serializers.SerializerMethodField()
    total_votes = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()
    resolution = serializers.SerializerMethodField()

    def get_is_open(self, poll) -> bool:
        return poll.is_open()

    def get_total_votes(self, poll) -> int:
        return self._results(poll).total

    @extend_schema_field(PollOptionSerializer(many=True))
    def get_options(self, poll):
        return PollOptionSerializer(self._results(poll).options, many=True).data

    @extend_schema_field(PollResolutionSerializer(allow_null=True))
    def get_resolution(self, poll):
        results = self._results(poll)
        if not (poll.resolved_at and poll.resolved_status):
            return None
        return PollResolutionSerializer(results).data

    def _results(self, poll):
        if getattr(poll, "_api_results", None) is None:
            poll._api_results = poll_results(poll=poll)
        return poll._api_results


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.IntegerField(allow_null=True)
    parent_id = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    author_name = serializers.CharField()
    author_url = serializers.CharField()
    body_html = serializers.CharField()
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    upvotes = serializers.IntegerField()
    downvotes = serializers.IntegerField()
    reply_count = serializers.IntegerField()
    is_editors_pick = serializers.BooleanField()
    url = serializers.SerializerMethodField()

    def get_url(self, comment) -> str:
        return absolute(self.context.get("request"), comment.get_absolute_url())
