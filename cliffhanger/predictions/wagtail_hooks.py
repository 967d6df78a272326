"""Polls in the Wagtail admin: create them, read results, export votes as CSV."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .exports import poll_votes_csv
from .models import Poll
from .selectors import poll_results


class ResultsColumn(Column):
    def get_value(self, instance):
        results = poll_results(poll=instance)
        summary = ", ".join(f"{r.option.label} {r.percent}%" for r in results.options)
        return f"{results.total} votes: {summary}" if results.total else "No votes yet"


class ExportColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">CSV</a>',
            reverse("predictions_poll_export", args=[instance.pk]),
        )


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = "Polls"
    menu_order = 230
    add_to_admin_menu = True
    list_display = [
        "question",
        ResultsColumn("results", label="Results"),
        "resolved_at",
        ExportColumn("export", label="Votes"),
    ]
    list_filter = ["resolved_at"]
    search_fields = ["question"]

    def get_queryset(self, request):
        return Poll.objects.prefetch_related("options")


register_snippet(PollViewSet)


def export_poll_votes(request, poll_id):
    if not request.user.has_perm("predictions.view_poll"):
        raise PermissionDenied
    return poll_votes_csv(poll=get_object_or_404(Poll, pk=poll_id))


@hooks.register("register_admin_urls")
def register_export_url():
    return [
        path(
            "polls/<int:poll_id>/votes.csv",
            export_poll_votes,
            name="predictions_poll_export",
        )
    ]
