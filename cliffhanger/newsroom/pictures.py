"""
The newsroom's places for pictures, made ahead when they are filled: an
article's lead and card and the images in its body when it is published, an
author's portrait when the author is saved. An upload has already made what
its shape suggests (core/renditions.py); this covers a picture chosen from the
library for a place its shape did not suggest.
"""

from django.db.models.signals import post_save
from wagtail.signals import page_published

from cliffhanger.core.renditions import renditions_queue

from .models import ArticlePage, Author


def _author_saved(sender, instance: Author, raw=False, **kwargs) -> None:
    if not raw and instance.avatar_id:
        renditions_queue(instance.avatar, ("avatar", "portrait"))


def _article_published(sender, instance: ArticlePage, **kwargs) -> None:
    if instance.featured_image_id:
        renditions_queue(instance.featured_image, ("lead", "card"))
    figures = {
        block.value["image"].pk: block.value["image"]
        for block in instance.body
        if block.block_type == "image" and block.value.get("image")
    }
    for image in figures.values():  # an image used twice is made once
        renditions_queue(image, ("figure",))


def connect() -> None:
    post_save.connect(
        _author_saved, sender=Author, dispatch_uid="newsroom.author_pictures"
    )
    page_published.connect(
        _article_published, sender=ArticlePage, dispatch_uid="newsroom.article_pictures"
    )
