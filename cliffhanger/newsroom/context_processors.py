import time

from django.utils.functional import SimpleLazyObject

from .selectors import MOST_POPULAR_CACHE_SECONDS, section_list_for_navigation


def navigation(request):
    """The section menu; lazy, so pages that do not show it pay nothing. And
    the minute Most Popular was counted in, which names the kept sidebar."""

    return {
        "navigation_sections": SimpleLazyObject(section_list_for_navigation),
        "most_popular_period": int(time.time() // MOST_POPULAR_CACHE_SECONDS),
    }
