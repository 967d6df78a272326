from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "cliffhanger.tracker"
    label = "tracker"
    verbose_name = "Show tracker"

    def ready(self):
        from wagtail.admin.panels import InlinePanel

        from cliffhanger.accounts import personal_data as accounts_data
        from cliffhanger.core.permissions import grant_after_migrate
        from cliffhanger.core.scheduler_jobs import job_register
        from cliffhanger.core.slots import slot_add
        from cliffhanger.newsroom.panels import article_panels_extend

        from . import (  # noqa: F401
            cache_rules,
            card_tags,
            jobs,
            personal_data,
            pictures,
            receivers,
        )
        from .roles import GROUP_PERMISSIONS

        grant_after_migrate(self, GROUP_PERMISSIONS)
        cache_rules.connect()
        pictures.connect()
        # The board counts waits in days: its kept copies go stale at midnight.
        job_register(jobs.today_invalidate)
        accounts_data.register(
            "show_follows",
            export=personal_data.follows_data_export,
            erase=personal_data.follows_data_erase,
        )
        slot_add("nav.items", "tracker/includes/nav_item.html")
        slot_add("sidebar", "tracker/includes/sidebar_changes.html")
        slot_add("article.after_header", "tracker/includes/article_status_box.html")
        slot_add(
            "article.og_image", card_tags.article_card_tags, same_for_every_reader=True
        )
        slot_add("account.sections", "tracker/includes/account_section.html")

        article_panels_extend(
            InlinePanel(
                "coverage",
                label="Shows covered",
                help_text="The show (and season) this article is about; its status box comes from the tracker.",
                max_num=3,
            )
        )
