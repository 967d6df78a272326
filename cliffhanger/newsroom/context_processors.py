from django.utils.functional import SimpleLazyObject

from .selectors import most_popular_period, section_list_for_navigation


def navigation(request):
    """The section menu; lazy, so pages that do not show it pay nothing. And
    the minute Most Popular was counted in, which names the kept sidebar."""

    return {
        "navigation_sections": SimpleLazyObject(section_list_for_navigation),
        "most_popular_period": most_popular_period(),
    }
