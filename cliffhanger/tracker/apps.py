from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_permissions_after_migrate(sender, using="default", **kwargs):
    from django.contrib.auth.management import create_permissions

    from .roles import tracker_permissions_ensure

    create_permissions(sender, verbosity=0, using=using)
    tracker_permissions_ensure()


class TrackerConfig(AppConfig):
    name = "cliffhanger.tracker"
    label = "tracker"
    verbose_name = "Show tracker"

    def ready(self):
        from wagtail.admin.panels import InlinePanel

        post_migrate.connect(_ensure_permissions_after_migrate, sender=self)
        from cliffhanger.newsroom.panels import article_panels_extend

        from . import receivers  # noqa: F401

        article_panels_extend(
            InlinePanel(
                "coverage",
                label="Shows covered",
                help_text="The show (and season) this article is about; its status box comes from the tracker.",
                max_num=3,
            )
        )
