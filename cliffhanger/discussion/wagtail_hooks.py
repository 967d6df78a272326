"""
Comments in the Wagtail admin: the moderation queue (filters, search, bulk
approve / spam / remove, each comment's reason and history) and Editors'
picks. Status changes go through comment_moderate(), which writes the audit
row; the edit form offers nothing that would bypass it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .dashboard import ActivityPanel, dashboard_can_see
from .models import ArticleDiscussion, Comment, CommenterBan, CommentStatus
from .services import comment_approve, comment_mark_spam, comment_remove


class ExcerptColumn(Column):
    def get_value(self, instance):
        text = " ".join(instance.body.split())
        return text if len(text) <= 90 else text[:87] + "…"


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Comments"
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_fields = [
        "author_name",
        "article",
        "body",
        "status",
        "moderation_reason",
        "report_count",
        "report_history",
        "ip_hash",
        "created_at",
        "moderation_history",
    ]
    list_display = [
        "author_name",
        ExcerptColumn("body", label="Comment"),
        "article",
        "status",
        "moderation_reason",
        "report_count",
        "created_at",
    ]
    list_filter = ["status", "moderation_reason", "article", "is_editors_pick"]
    search_fields = ["body", "author_name", "author_email"]
    ordering = ["-created_at"]
    panels = [FieldPanel("is_editors_pick")]

    def get_queryset(self, request):
        return Comment.objects.select_related("article")


register_snippet(CommentViewSet)


class ModerateBulkAction(SnippetBulkAction):
    """Approve, mark as spam or remove the selected comments (one audit row each)."""

    template_name = "discussion/admin/confirm_bulk_moderate.html"
    to_status = ""
    # The service that makes the change: comment_approve and its siblings.
    moderate = None

    models = [Comment]

    def check_perm(self, comment):
        return self.request.user.has_perm("discussion.change_comment")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_title": self.display_name}

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        changed = 0
        for comment in objects:
            if comment.status != cls.to_status:
                cls.moderate(comment=comment, actor=user, source="admin")
                changed += 1
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{self.display_name}: {num_parent_objects} comment(s) changed."


class ApproveBulkAction(ModerateBulkAction):
    display_name = _("Approve")
    action_type = "approve_comments"
    aria_label = _("Approve selected comments")
    action_priority = 10
    to_status = CommentStatus.APPROVED
    moderate = staticmethod(comment_approve)


class SpamBulkAction(ModerateBulkAction):
    display_name = _("Mark as spam")
    action_type = "spam_comments"
    aria_label = _("Mark selected comments as spam")
    action_priority = 20
    to_status = CommentStatus.SPAM
    moderate = staticmethod(comment_mark_spam)


class RemoveBulkAction(ModerateBulkAction):
    display_name = _("Remove")
    action_type = "remove_comments"
    aria_label = _("Remove selected comments")
    action_priority = 25
    classes = {"serious"}
    to_status = CommentStatus.REMOVED
    moderate = staticmethod(comment_remove)


for action in (ApproveBulkAction, SpamBulkAction, RemoveBulkAction):
    hooks.register("register_bulk_action", action)


class CommenterBanViewSet(SnippetViewSet):
    model = CommenterBan
    icon = "cross"
    menu_label = "Bans"
    list_display = ["kind", "reason", "expires_at", "created_at"]
    list_filter = ["kind"]
    search_fields = ["reason"]


register_snippet(CommenterBanViewSet)


class ArticleDiscussionViewSet(SnippetViewSet):
    """Per-article settings: close comments, or hold every comment for moderation."""

    model = ArticleDiscussion
    icon = "cog"
    menu_label = "Discussion settings"
    list_display = ["article", "comment_count", "closed", "hold_all"]
    list_filter = ["closed", "hold_all"]
    add_view_enabled = False

    def get_queryset(self, request):
        return ArticleDiscussion.objects.select_related("article")


register_snippet(ArticleDiscussionViewSet)


@hooks.register("construct_homepage_panels")
def add_activity_panel(request, panels):
    """Views, comments and the moderation queue over 30 days, for moderators."""
    if dashboard_can_see(request.user):
        panels.append(ActivityPanel())
