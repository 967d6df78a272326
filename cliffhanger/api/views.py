"""
The read-only API: thin views over selectors.py. Every answer is JSON, may be
read cross-origin, carries an ETag (core/etags.py answers
If-None-Match with 304) and a short public Cache-Control.
"""

from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cliffhanger.caching.fragments import remembered
from cliffhanger.core.converters import DatabaseIdConverter
from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.newsroom.selectors import article_get_live
from cliffhanger.predictions.models import Poll

from . import filters, selectors, serializers
from .body import article_body_html
from .cors import cors_allowed
from .errors import api_exception_handler
from .keys import ApiKeyAuthentication
from .pagination import cursor_pages
from .throttling import ApiRateThrottle

CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=60"
PAGE_PARAMETERS = {"cursor", "page_size"}


class PublicReadMixin:
    """What every API view shares, set here rather than in DRF's global
    settings, which Wagtail's admin API reads too."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = []
    throttle_classes = [ApiRateThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes = []
    filter_backends = [DjangoFilterBackend]

    def get_exception_handler(self):
        return api_exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # a key, then the rate limit
        unknown = set(request.query_params) - self.parameters_read()
        if unknown:  # "?stauts=renewed" would otherwise answer everything
            raise ValidationError({name: ["Not a parameter here."] for name in unknown})

    def parameters_read(self) -> set[str]:
        filterset = getattr(self, "filterset_class", None)
        names = set(filterset.base_filters) if filterset else set()
        if (
            self.pagination_class is not None
            and getattr(self, "action", "list") == "list"
        ):
            names |= PAGE_PARAMETERS
        return names

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            response["Cache-Control"] = CACHE_CONTROL
        return cors_allowed(response)


class KeptAnswersMixin:
    """
    Answers kept in the shared cache under the tags of what they show, as the
    site's fragments are, so a change is seen at once. Lists whose rows each
    have their own tag (articles' comment counts, polls' votes) are not kept.
    """

    def kept_tags(self) -> tuple[str, ...]:
        return ()

    def list(self, request, *args, **kwargs):
        return self._kept(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._kept(super().retrieve, request, *args, **kwargs)

    def _kept(self, answer, request, *args, **kwargs):
        tags = self.kept_tags()
        if not tags or set(request.query_params) - PAGE_PARAMETERS:
            # Filtered answers are computed afresh: a copy per filter value
            # typed would let anyone fill the cache.
            return answer(request, *args, **kwargs)
        data = remembered(
            "api-answer",
            request.get_host(),
            request.get_full_path(),
            tags=tags,
            compute=lambda: answer(request, *args, **kwargs).data,
        )
        return Response(data)


class ArticleViewSet(PublicReadMixin, KeptAnswersMixin, viewsets.ReadOnlyModelViewSet):
    """Published, public articles, newest first."""

    queryset = ArticlePage.objects.none()  # the model, for the schema
    filterset_class = filters.ArticleFilter
    pagination_class = cursor_pages("-first_published_at", "-pk")
    lookup_value_regex = DatabaseIdConverter.regex

    def kept_tags(self):
        if self.action == "retrieve":
            # "shows": the slugs of the shows it covers
            return ("articles", "shows", f"comments:{self.kwargs['pk']}")
        return ()

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.api_article_with_body()
        return selectors.api_articles()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "sections": self._sections()}

    def get_object(self):
        article = super().get_object()
        article.api_body_html = article_body_html(article=article)
        return article

    def _sections(self):
        if not hasattr(self, "_sections_by_path"):
            self._sections_by_path = selectors.api_sections_by_path()
        return self._sections_by_path


class ShowViewSet(PublicReadMixin, KeptAnswersMixin, viewsets.ReadOnlyModelViewSet):
    """Every show the tracker follows, with its seasons' current statuses."""

    queryset = selectors.api_shows()
    serializer_class = serializers.ShowSerializer
    filterset_class = filters.ShowFilter
    pagination_class = cursor_pages("slug")
    lookup_field = "slug"

    def kept_tags(self):
        return ("shows",)


class SeasonViewSet(PublicReadMixin, KeptAnswersMixin, viewsets.ReadOnlyModelViewSet):
    """Seasons with their full, dated and sourced status history."""

    queryset = selectors.api_seasons()
    serializer_class = serializers.SeasonSerializer
    filterset_class = filters.SeasonFilter
    pagination_class = cursor_pages("pk")
    lookup_value_regex = DatabaseIdConverter.regex

    def kept_tags(self):
        return ("shows",)


class StatementViewSet(
    PublicReadMixin, KeptAnswersMixin, viewsets.ReadOnlyModelViewSet
):
    """On-the-record statements about shows' futures, newest first."""

    queryset = selectors.api_statements()
    serializer_class = serializers.StatementSerializer
    filterset_class = filters.StatementFilter
    pagination_class = cursor_pages("-said_on", "-pk")
    lookup_value_regex = DatabaseIdConverter.regex

    def kept_tags(self):
        return ("shows",)


class PollViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    """Polls and reader forecasts with their results and, once decided, resolution."""

    queryset = Poll.objects.none()  # the model, for the schema
    serializer_class = serializers.PollSerializer
    filterset_class = filters.PollFilter
    pagination_class = cursor_pages("-opens_at", "-pk")
    lookup_value_regex = DatabaseIdConverter.regex

    def get_queryset(self):
        return selectors.api_polls()


@extend_schema(summary="An article's approved comments, oldest first")
class ArticleCommentList(PublicReadMixin, KeptAnswersMixin, generics.ListAPIView):
    serializer_class = serializers.CommentSerializer
    pagination_class = cursor_pages("created_at", "pk")
    filter_backends = []

    def kept_tags(self):
        return ("articles", f"comments:{self.kwargs['pk']}")

    def get_queryset(self):
        if article_get_live(article_id=self.kwargs["pk"]) is None:
            raise Http404  # a draft's or a private article's comments are not public
        return selectors.api_comments(article_id=self.kwargs["pk"])
