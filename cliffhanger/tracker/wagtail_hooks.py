"""
The tracker in the Wagtail admin, under one "Tracker" menu. Status changes
are append-only: the add form records through season_status_record(), and
nobody (superusers included) can edit or delete a recorded change; a
correction is a new change.
"""

from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import Genre, Network, Person, Season, SeasonStatusChange, Show, Statement
from .season_chooser import SeasonChooserViewSet
from .services import season_status_record


class NetworkViewSet(SnippetViewSet):
    model = Network
    icon = "globe"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class GenreViewSet(SnippetViewSet):
    model = Genre
    icon = "tag"
    panels = [FieldPanel("name"), FieldPanel("slug")]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "slug"]


class ShowViewSet(SnippetViewSet):
    model = Show
    icon = "media"
    list_display = ["title", "network", "show_type", "premiere_date"]
    list_filter = ["network", "show_type"]
    # Show, Person and Statement are indexed: search uses their search_fields.


class SeasonViewSet(SnippetViewSet):
    model = Season
    icon = "date"
    list_display = ["show", "number", "episode_count", "premiere_date"]
    list_filter = ["show__network"]
    search_fields = ["show__title"]
    chooser_viewset_class = SeasonChooserViewSet  # with a search by show title


class StatementViewSet(SnippetViewSet):
    model = Statement
    icon = "openquote"
    list_display = ["person", "show", "said_on", "direction"]
    list_filter = ["direction", "show"]


class AppendOnlyPolicy(ModelPermissionPolicy):
    """Recorded history is never rewritten, whoever asks."""

    def user_has_permission(self, user, action):
        if action in ("change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class RecordStatusChangeView(CreateView):
    def get_success_buttons(self):
        return []  # Wagtail's "Edit" button would lead to a refusal: history is append-only

    def save_instance(self):
        data = self.form.cleaned_data
        return season_status_record(
            season=data["season"],
            status=data["status"],
            effective_date=data["effective_date"],
            source_outlet=data.get("source_outlet", ""),
            source_url=data.get("source_url", ""),
            note=data.get("note", ""),
            recorded_by=self.request.user,
        )


class SeasonStatusChangeViewSet(SnippetViewSet):
    model = SeasonStatusChange
    icon = "history"
    menu_label = "Status changes"
    add_view_class = RecordStatusChangeView
    inspect_view_enabled = True
    list_display = [
        "season",
        "status",
        "effective_date",
        "source_outlet",
        "recorded_by",
    ]
    list_filter = ["status", "season__show__network"]
    search_fields = ["season__show__title", "note", "source_outlet"]
    ordering = ["-recorded_at"]
    panels = [
        FieldPanel("season"),
        FieldPanel("status"),
        FieldPanel("effective_date"),
        FieldPanel("source_outlet"),
        FieldPanel("source_url"),
        FieldPanel("note"),
    ]


register_permission_policy(SeasonStatusChange, AppendOnlyPolicy(SeasonStatusChange))


class TrackerGroup(ViewSetGroup):
    menu_label = "Tracker"
    menu_icon = "media"
    menu_order = 220
    items = (
        ShowViewSet,
        SeasonViewSet,
        SeasonStatusChangeViewSet,
        StatementViewSet,
        PersonViewSet,
        NetworkViewSet,
        GenreViewSet,
    )


register_snippet(TrackerGroup)
