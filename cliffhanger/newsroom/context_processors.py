from django.utils.functional import SimpleLazyObject

from .selectors import section_list_for_navigation


def navigation(request):
    """The section menu; lazy, so pages that do not show it pay nothing."""

    return {
        "navigation_sections": SimpleLazyObject(section_list_for_navigation),
    }
