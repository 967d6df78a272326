"""
Comments in the Wagtail admin. For now editors use it to find comments and
mark Editors' picks; status changes belong to the moderation services, so the
edit form offers nothing that would bypass them.
"""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Comment


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Comments"
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["author_name", "article", "status", "is_editors_pick", "created_at"]
    list_filter = ["status", "is_editors_pick"]
    search_fields = ["body", "author_name", "author_email"]
    ordering = ["-created_at"]
    panels = [FieldPanel("is_editors_pick")]

    def get_queryset(self, request):
        return Comment.objects.select_related("article")


register_snippet(CommentViewSet)
