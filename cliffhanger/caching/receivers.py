"""
Which change makes which cached pages stale (tags in dependencies.py):

- a site added, changed or removed: "sites";
- an image or document saved or deleted, a rendition deleted: "articles";
- a page published, unpublished, moved, renamed, deleted or made private
  (a view restriction added or removed), an author or a tag edited: "articles" (listings, navigation, Read next and show coverage
  all list pages, with bylines and tags);
- anything in the tracker: "shows" (every page's sidebar shows the latest
  status changes);
- a comment (a vote saves the comment's new totals), an article's discussion
  settings: that article's "comments:<id>";
- a poll vote or resolution: its article's or show's poll tag, and the board's
  "forecasts" for predictions;
- a season rating: its show's "ratings:show:<id>".

Model signals catch changes from services and the admin alike; the few
services that use queryset.update() call invalidate() themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
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

from cliffhanger.discussion.models import ArticleDiscussion, Comment
from cliffhanger.newsroom.models import Author, AuthorLink
from cliffhanger.predictions.models import Poll, PollVote, SeasonRating
from cliffhanger.tracker import models as tracker_models

from .dependencies import invalidate
from .purge import (
    purge_after_commit,
    purge_listings,
    purge_page_after_commit,
    purge_tracker,
)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def page_changed(sender, instance, **kwargs):
    invalidate("articles")
    purge_listings(page=instance)


def page_deleted(sender, instance, **kwargs):
    invalidate("articles")


# A page made private (or public again) leaves or joins every listing, Read
# next and the menu, and its own cached copy must not outlive the restriction:
# Wagtail checks restrictions in its serve view, after the page cache.
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def view_restriction_changed(sender, instance, **kwargs):
    invalidate("articles")
    purge_page_after_commit(page_id=instance.page_id)


# Which site (and home page) a host name serves is kept (newsroom/site_cache.py).
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, instance, **kwargs):
    invalidate("sites")


# Images and documents appear in articles (renditions, links) that are kept
# whole as fragments; a new file deletes the old renditions.
def media_changed(sender, instance, **kwargs):
    invalidate("articles")


for media_model in (get_image_model(), get_document_model()):
    post_save.connect(
        media_changed, sender=media_model, dispatch_uid=f"media-{media_model.__name__}"
    )
    post_delete.connect(
        media_changed,
        sender=media_model,
        dispatch_uid=f"media-del-{media_model.__name__}",
    )
post_delete.connect(
    media_changed,
    sender=get_image_model().get_rendition_model(),
    dispatch_uid="media-rendition-deleted",
)


# Bylines and tag names appear on every listing and article.
@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
@receiver(post_save, sender=AuthorLink)
@receiver(post_delete, sender=AuthorLink)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def byline_or_tag_changed(sender, instance, **kwargs):
    invalidate("articles")


def page_saved(sender, instance, **kwargs):
    # Pages created live by code (importers, the demo) are never "published".
    if instance.live:
        invalidate("articles")


for page_model in [Page, *Page.__subclasses__()]:
    post_save.connect(
        page_saved,
        sender=page_model,
        dispatch_uid=f"pagecache-save-{page_model.__name__}",
    )
    post_delete.connect(
        page_deleted, sender=page_model, dispatch_uid=f"pagecache-{page_model.__name__}"
    )


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
@receiver(post_save, sender=ArticleDiscussion)
def discussion_changed(sender, instance, **kwargs):
    invalidate(f"comments:{instance.article_id}")
    purge_after_commit(article_id=instance.article_id)


def poll_tags(poll: Poll) -> list[str]:
    tags = []
    if poll.article_id:
        tags.append(f"polls:article:{poll.article_id}")
    if poll.show_id:
        tags.append(f"polls:show:{poll.show_id}")
    if poll.season_id or poll.show_id:
        tags.append("forecasts")
    return tags


@receiver(post_save, sender=Poll)
@receiver(post_delete, sender=Poll)
def poll_changed(sender, instance, **kwargs):
    invalidate(*poll_tags(instance))
    purge_poll_pages(instance)


def purge_poll_pages(poll: Poll) -> None:
    purge_after_commit(
        article_id=poll.article_id,
        show_id=poll.show_id,
        board="forecasts" in poll_tags(poll),
    )


@receiver(post_save, sender=PollVote)
@receiver(post_delete, sender=PollVote)
def poll_vote_changed(sender, instance, **kwargs):
    poll = (
        Poll.objects.filter(pk=instance.poll_id)
        .only("article_id", "show_id", "season_id")
        .first()
    )
    if poll:
        invalidate(*poll_tags(poll))
        purge_poll_pages(poll)


@receiver(post_save, sender=SeasonRating)
@receiver(post_delete, sender=SeasonRating)
def rating_changed(sender, instance, **kwargs):
    show_id = (
        tracker_models.Season.objects.filter(pk=instance.season_id)
        .values_list("show_id", flat=True)
        .first()
    )
    if show_id:
        invalidate(f"ratings:show:{show_id}")
        purge_after_commit(show_id=show_id)


TRACKER_MODELS = (
    tracker_models.Network,
    tracker_models.Person,
    tracker_models.Show,
    tracker_models.CastMember,
    tracker_models.Season,
    tracker_models.Episode,
    tracker_models.SeasonStatusChange,
    tracker_models.Statement,
    tracker_models.ArticleCoverage,
)


def tracker_changed(sender, instance, **kwargs):
    invalidate("shows")
    purge_tracker()


for tracker_model in TRACKER_MODELS:
    post_save.connect(
        tracker_changed,
        sender=tracker_model,
        dispatch_uid=f"pagecache-{tracker_model.__name__}",
    )
    post_delete.connect(
        tracker_changed,
        sender=tracker_model,
        dispatch_uid=f"pagecache-del-{tracker_model.__name__}",
    )
