"""
Which newsroom changes make cached pages stale (caching/dependencies.py's
tags), connected in NewsroomConfig.ready():

- a site added, changed or removed: "sites" (which home page a host serves);
- a page published, unpublished, moved, renamed, saved live, deleted or made
  private or public again, an author or a tag edited, an image or document
  saved or deleted: "articles" (listings, navigation, Read next and every
  article's kept pieces show pages, bylines, tags and renditions).

Model signals catch changes from services and the admin alike; a service that
uses queryset.update() calls invalidate() itself.
"""

from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from cliffhanger.caching.dependencies import invalidate

from .models import Author, AuthorLink
from .purges import page_listings_purge, page_purge_after_commit


def page_changed(sender, instance, **kwargs):
    invalidate("articles")
    page_listings_purge(page=instance)


def page_saved(sender, instance, **kwargs):
    # Pages created live by code (importers, the demo) are never "published".
    if instance.live:
        invalidate("articles")


def articles_changed(sender, instance, **kwargs):
    invalidate("articles")


def view_restriction_changed(sender, instance, **kwargs):
    # Wagtail checks restrictions in its serve view, after the page cache: the
    # page's own kept copy must not outlive the restriction.
    invalidate("articles")
    page_purge_after_commit(page_id=instance.page_id)


def site_changed(sender, instance, **kwargs):
    invalidate("sites")


def connect() -> None:
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"cache-{signal}")
    for model in [Page, *Page.__subclasses__()]:
        post_save.connect(page_saved, sender=model, dispatch_uid=f"cache-{model}")
        post_delete.connect(
            articles_changed, sender=model, dispatch_uid=f"cache-del-{model}"
        )
    media = (get_image_model(), get_document_model(), Author, AuthorLink, Tag)
    for model in media:
        _on_save_and_delete(articles_changed, model)
    # A new file deletes the old renditions, whose URLs kept articles show.
    post_delete.connect(
        articles_changed,
        sender=get_image_model().get_rendition_model(),
        dispatch_uid="cache-rendition-deleted",
    )
    _on_save_and_delete(view_restriction_changed, PageViewRestriction)
    _on_save_and_delete(site_changed, Site)


def _on_save_and_delete(receiver, model) -> None:
    post_save.connect(receiver, sender=model, dispatch_uid=f"cache-{model}")
    post_delete.connect(receiver, sender=model, dispatch_uid=f"cache-del-{model}")
