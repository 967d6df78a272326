"""Query filters for the API's lists: the questions people ask of the data."""

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef

from cliffhanger.newsroom.models import ArticleAuthor, SectionPage
from cliffhanger.newsroom.selectors import public
from cliffhanger.tracker.models import (
    ArticleCoverage,
    SeasonStatus,
    SeasonStatusChange,
    ShowType,
    StatementDirection,
)

from .selectors import shows_with_latest_status


class IdFilter(filters.NumberFilter):
    """A database id: a whole number that fits a 64-bit column, else a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


class ArticleFilter(filters.FilterSet):
    section = filters.CharFilter(method="in_section", help_text="A section's slug.")
    tag = filters.CharFilter(field_name="tagged_items__tag__slug")
    author = filters.CharFilter(method="by_author", help_text="An author's slug.")
    show = filters.CharFilter(method="covering", help_text="A show's slug.")
    published_since = filters.IsoDateTimeFilter(
        field_name="first_published_at", lookup_expr="gte"
    )
    changed_since = filters.IsoDateTimeFilter(
        field_name="last_published_at",
        lookup_expr="gte",
        help_text="Published or republished at or after this time.",
    )

    def in_section(self, queryset, name, value):
        section = public(SectionPage.objects.live()).filter(slug=value).first()
        return queryset.descendant_of(section) if section else queryset.none()

    def by_author(self, queryset, name, value):
        bylines = ArticleAuthor.objects.filter(
            article=OuterRef("pk"), author__slug=value
        )
        return queryset.filter(Exists(bylines))

    def covering(self, queryset, name, value):
        covers = ArticleCoverage.objects.filter(
            article=OuterRef("pk"), show__slug=value
        )
        return queryset.filter(Exists(covers))


class ShowFilter(filters.FilterSet):
    network = filters.CharFilter(field_name="network__slug")
    type = filters.ChoiceFilter(field_name="show_type", choices=ShowType.choices)
    genre = filters.CharFilter(field_name="genres__slug")
    status = filters.ChoiceFilter(
        method="latest_status",
        choices=SeasonStatus.choices,
        help_text="The current status of the show's latest season.",
    )

    def latest_status(self, queryset, name, value):
        return queryset.filter(pk__in=shows_with_latest_status(value).values("pk"))


class SeasonFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        field_name="current_status",
        choices=SeasonStatus.choices,
        help_text="The season's current status.",
    )
    network = filters.CharFilter(field_name="show__network__slug")
    show = filters.CharFilter(field_name="show__slug")
    changed_since = filters.IsoDateTimeFilter(
        method="changed_since_filter",
        help_text="A status change was recorded at or after this time.",
    )

    def changed_since_filter(self, queryset, name, value):
        changes = SeasonStatusChange.objects.filter(
            season=OuterRef("pk"), recorded_at__gte=value
        )
        return queryset.filter(Exists(changes))


class StatementFilter(filters.FilterSet):
    show = filters.CharFilter(field_name="show__slug")
    person = filters.CharFilter(field_name="person__slug")
    season = IdFilter(field_name="season_id")
    direction = filters.ChoiceFilter(choices=StatementDirection.choices)
    said_since = filters.DateFilter(field_name="said_on", lookup_expr="gte")


class PollFilter(filters.FilterSet):
    show = filters.CharFilter(field_name="show__slug")
    season = IdFilter(field_name="season_id")
    article = IdFilter(field_name="article_id")
    resolved = filters.BooleanFilter(
        field_name="resolved_at", lookup_expr="isnull", exclude=True
    )
