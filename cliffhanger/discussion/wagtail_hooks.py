"""
Comments in the Wagtail admin: the moderation queue (filters, search, bulk
approve / spam / remove / ban the accounts, each comment's reason and history,
a signed-in reader's history by account) and Editors' picks. Status changes go
through comment_moderate(), which writes the audit row; the edit form offers
nothing that would bypass it.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .dashboard import ActivityPanel, dashboard_can_see
from .models import ArticleDiscussion, Comment, CommenterBan, CommentStatus
from .services import (
    account_ban,
    comment_approve,
    comment_feature,
    comment_mark_spam,
    comment_remove,
    commenter_ban,
)


class ExcerptColumn(Column):
    def get_value(self, instance):
        text = " ".join(instance.body.split())
        return text if len(text) <= 90 else text[:87] + "…"


class AccountColumn(Column):
    """The reader's account by number (never its email), linking to its history."""

    def get_value(self, instance):
        return instance.account_id

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.account_id is None:
            context["value"] = "—"
        else:
            context["value"] = format_html(
                '<a href="?account={}" title="{}">#{}</a>{}',
                instance.account_id,
                _("This account's comments"),
                instance.account_id,
                " ✓" if instance.author_verified else "",
            )
        return context


class CommentFilterSet(WagtailFilterSet):
    account = django_filters.NumberFilter(
        field_name="account_id",
        label=_("Account number"),
        help_text=_("A signed-in reader's comments, all of them."),
    )

    class Meta:
        model = Comment
        fields = ["status", "moderation_reason", "article", "is_editors_pick"]


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Comments"
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_fields = [
        "author_name",
        "account",
        "author_verified",
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
        AccountColumn("account", label=_("Account")),
        "created_at",
    ]
    filterset_class = CommentFilterSet
    search_fields = ["body", "author_name", "author_email"]
    ordering = ["-created_at"]
    panels = [FieldPanel("is_editors_pick")]

    def get_queryset(self, request):
        return Comment.objects.select_related("article")


register_snippet(CommentViewSet)


class CommentBulkAction(SnippetBulkAction):
    """An action on the selected comments, confirmed on one page, done as the moderator."""

    template_name = "discussion/admin/confirm_bulk_moderate.html"
    models = [Comment]
    # What the moderator needs to take the action.
    permission = "discussion.change_comment"

    def check_perm(self, comment):
        return self.request.user.has_perm(self.permission)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{self.display_name}: {num_parent_objects} comment(s) changed."

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_title": self.display_name}

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}


class ModerateBulkAction(CommentBulkAction):
    """Approve, mark as spam or remove the selected comments (one audit row each)."""

    to_status = ""
    # The service that makes the change: comment_approve and its siblings.
    moderate = None

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        changed = 0
        for comment in objects:
            if comment.status != cls.to_status:
                cls.moderate(comment=comment, actor=user, source="admin")
                changed += 1
        return changed, 0


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


class BanAccountsBulkAction(CommentBulkAction):
    """
    Ban the accounts that wrote the selected comments (anonymous comments and
    staff are skipped): their posts are refused and every session they have
    ends. The comments themselves are not changed; remove them as well if need be.
    """

    display_name = _("Ban the accounts")
    action_type = "ban_comment_accounts"
    aria_label = _("Ban the accounts that wrote the selected comments")
    action_priority = 30
    classes = {"serious"}
    permission = "discussion.add_commenterban"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        banned = set()
        for comment in objects:
            account = comment.account
            if account is None or account.pk in banned:
                continue
            try:
                account_ban(
                    account=account,
                    reason=f"comment {comment.pk}",
                    actor=user,
                )
            except ValidationError:
                continue  # staff: not banned here
            banned.add(account.pk)
        return len(banned), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} account(s) banned; their sessions ended."


class BanWritersBulkAction(CommentBulkAction):
    """
    Ban the anonymous writers of the selected comments by the email they gave
    and their network's address hash: their next comments go to spam. Comments
    written signed in are skipped (ban the account instead); the comments
    themselves are not changed.
    """

    display_name = _("Ban the writers")
    action_type = "ban_comment_writers"
    aria_label = _("Ban the anonymous writers of the selected comments")
    action_priority = 35
    classes = {"serious"}
    permission = "discussion.add_commenterban"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        done: set[tuple[str, str]] = set()
        for comment in objects:
            writer = (comment.author_email.strip().lower(), comment.ip_hash)
            if comment.account_id is not None or writer in done or writer == ("", ""):
                continue
            commenter_ban(
                email=writer[0],
                ip_hash=writer[1],
                reason=f"comment {comment.pk}",
                actor=user,
            )
            done.add(writer)
        return len(done), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} writer(s) banned: their next comments go to spam."


class EditorsPickBulkAction(CommentBulkAction):
    """Show the selected comments first in their threads, marked "Editors' pick"."""

    display_name = _("Editors' pick")
    action_type = "pick_comments"
    aria_label = _("Make the selected comments editors' picks")
    action_priority = 40
    featured = True

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        changed = 0
        for comment in objects:
            if comment.is_editors_pick != cls.featured:
                comment_feature(comment=comment, featured=cls.featured)
                changed += 1
        return changed, 0


class EditorsPickRemoveBulkAction(EditorsPickBulkAction):
    display_name = _("Not an editors' pick")
    action_type = "unpick_comments"
    aria_label = _("Take the editors' pick off the selected comments")
    action_priority = 45
    featured = False


for action in (
    ApproveBulkAction,
    SpamBulkAction,
    RemoveBulkAction,
    BanAccountsBulkAction,
    BanWritersBulkAction,
    EditorsPickBulkAction,
    EditorsPickRemoveBulkAction,
):
    hooks.register("register_bulk_action", action)


class CommenterBanViewSet(SnippetViewSet):
    model = CommenterBan
    icon = "cross"
    menu_label = "Bans"
    list_display = ["kind", "account", "reason", "expires_at", "created_at"]
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
