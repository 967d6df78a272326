from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "cliffhanger.discussion"
    label = "discussion"
    verbose_name = "Discussion"
