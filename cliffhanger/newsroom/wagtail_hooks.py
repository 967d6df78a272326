from django.db.models import Q
from wagtail import hooks
from wagtail.models import GroupPagePermission
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "bio"]


register_snippet(AuthorViewSet)


def _hide_others_drafts(pages, request):
    """
    Users who cannot publish (Writers) see live pages and their own drafts
    only: another writer's unpublished headline is not theirs to read.
    """
    user = request.user
    can_publish = (
        user.is_superuser
        or GroupPagePermission.objects.filter(
            group__user=user, permission__codename="publish_page"
        ).exists()
    )
    return pages if can_publish else pages.filter(Q(live=True) | Q(owner=user))


@hooks.register("construct_explorer_page_queryset")
def hide_others_drafts_in_explorer(parent_page, pages, request):
    return _hide_others_drafts(pages, request)


@hooks.register("construct_page_chooser_queryset")
def hide_others_drafts_in_chooser(pages, request):
    return _hide_others_drafts(pages, request)
