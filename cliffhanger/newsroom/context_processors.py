from django.utils.functional import SimpleLazyObject


def navigation(request):
    """The section menu; lazy, so pages that do not show it pay nothing."""
    from .selectors import section_list_for_navigation

    return {"navigation_sections": SimpleLazyObject(section_list_for_navigation)}
