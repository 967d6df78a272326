from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cliffhanger.search"
    # "search" alone is too generic a label next to wagtail.search and modelsearch.
    label = "site_search"
    verbose_name = "Site search"

    def ready(self):
        from . import cache_rules

        cache_rules.connect()
