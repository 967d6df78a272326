"""
What turns into a webhook event, heard from the apps that own it (connected
in WebhooksConfig.ready()):

    season.status_changed  tracker.signals.season_status_changed
    article.published      wagtail page_published, an article's first time live
    article.updated        wagtail page_published, any later time
    poll.resolved          predictions.signals.poll_resolved
    comment.approved       discussion.signals.comment_approved

Each receiver only names the event and how to build its public data; the
the event is handed to the worker after the commit (services.event_emit_after_commit).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from cliffhanger.discussion.signals import comment_approved
from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.predictions.signals import poll_resolved
from cliffhanger.tracker.signals import season_status_changed

from . import payloads
from .models import Endpoint, EventType
from .services import event_emit_after_commit, subscriptions_forget


def season_status_recorded(sender, change, **kwargs):
    event_emit_after_commit(
        event_type=EventType.SEASON_STATUS_CHANGED,
        build=lambda: payloads.season_status_data(change=change),
    )


def article_published(sender, instance, **kwargs):
    # Wagtail stamps both dates with the same instant on the first publication
    # only; a page scheduled for later is sent when it actually goes live
    # (article_data finds no live article until then).
    first = instance.first_published_at == instance.last_published_at
    event = EventType.ARTICLE_PUBLISHED if first else EventType.ARTICLE_UPDATED
    article_id = instance.pk
    event_emit_after_commit(
        event_type=event, build=lambda: payloads.article_data(article_id=article_id)
    )


def poll_was_resolved(sender, poll, **kwargs):
    event_emit_after_commit(
        event_type=EventType.POLL_RESOLVED, build=lambda: payloads.poll_data(poll=poll)
    )


def comment_was_approved(sender, comment, **kwargs):
    comment_id = comment.pk
    event_emit_after_commit(
        event_type=EventType.COMMENT_APPROVED,
        build=lambda: payloads.comment_data(comment_id=comment_id),
    )


def endpoint_changed(sender, instance, **kwargs):
    # After the commit: forgotten before it, a concurrent event could cache
    # the old subscriptions again for SUBSCRIBED_EVENTS_SECONDS.
    transaction.on_commit(subscriptions_forget)


def connect() -> None:
    season_status_changed.connect(season_status_recorded, dispatch_uid="webhooks")
    page_published.connect(
        article_published, sender=ArticlePage, dispatch_uid="webhooks"
    )
    poll_resolved.connect(poll_was_resolved, dispatch_uid="webhooks")
    comment_approved.connect(comment_was_approved, dispatch_uid="webhooks")
    for signal in (post_save, post_delete):
        signal.connect(endpoint_changed, sender=Endpoint, dispatch_uid="webhooks")
