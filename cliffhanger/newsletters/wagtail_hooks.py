"""
Newsletters in the Wagtail admin (a "Newsletters" menu): the newsletters
themselves (kind, section, cadence, public or not) with their subscriber
counts, and their issues: compose, edit, preview, test-send to oneself,
schedule and send. Readers' addresses are not shown anywhere in the admin.

Editors (and superusers) manage both: roles.py grants the Editors group the
newsletter and issue permissions.
"""

from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import admin_views
from .models import Issue, Newsletter
from .selectors import newsletter_subscriber_counts

register_permission_policy(Newsletter, ModelPermissionPolicy(Newsletter))
register_permission_policy(Issue, ModelPermissionPolicy(Issue))


class SubscribersColumn(Column):
    """Active subscribers, counted once for the whole listing."""

    def get_value(self, instance):
        return self.counts.get(instance.pk, 0)

    def get_cell_context_data(self, instance, parent_context):
        if not hasattr(self, "counts"):
            self.counts = newsletter_subscriber_counts()
        return super().get_cell_context_data(instance, parent_context)


class NewsletterViewSet(ModelViewSet):
    model = Newsletter
    name = "newsletters"
    url_namespace = "newsletter_admin"  # "newsletters" is the reader pages'
    icon = "mail"
    menu_label = "Newsletters"
    copy_view_enabled = False
    list_display = [
        "title",
        "kind",
        "cadence",
        "is_public",
        SubscribersColumn("subscribers", label="Subscribers"),
    ]
    list_filter = ["kind", "cadence", "is_public"]
    search_fields = ["title", "description"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("description"),
            FieldPanel("kind"),
            FieldPanel("section"),
            FieldRowPanel(
                [
                    FieldPanel("cadence"),
                    FieldPanel("send_hour"),
                    FieldPanel("send_weekday"),
                ]
            ),
            FieldPanel("is_public"),
            FieldPanel("is_active"),
        ]
    )


class IssueViewSet(ModelViewSet):
    model = Issue
    name = "newsletter_issues"
    url_prefix = "newsletters/issues"
    icon = "doc-full"
    menu_label = "Issues"
    copy_view_enabled = False
    inspect_view_enabled = True
    add_view_class = admin_views.IssueComposeView
    edit_view_class = admin_views.IssueEditView
    inspect_view_class = admin_views.IssueInspectView
    list_display = ["subject", "newsletter", "status", "send_at", "sent_at"]
    list_filter = ["status", "newsletter"]
    search_fields = ["subject"]
    edit_handler = ObjectList(
        [FieldPanel("subject"), FieldPanel("intro"), FieldPanel("send_at")]
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("preview/<int:pk>/", admin_views.issue_preview_view, name="preview"),
            path("test/<int:pk>/", admin_views.issue_test_send_view, name="test_send"),
            path(
                "schedule/<int:pk>/", admin_views.issue_schedule_view, name="schedule"
            ),
            path(
                "unschedule/<int:pk>/",
                admin_views.issue_unschedule_view,
                name="unschedule",
            ),
            path("send/<int:pk>/", admin_views.issue_send_now_view, name="send_now"),
        ]


class NewsletterGroup(ViewSetGroup):
    menu_label = "Newsletters"
    menu_icon = "mail"
    menu_order = 250
    items = (NewsletterViewSet, IssueViewSet)


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewsletterGroup()
