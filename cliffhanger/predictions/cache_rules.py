"""
Which prediction changes make cached pages stale, connected in
PredictionsConfig.ready(): a poll or a vote in it makes its own tag
("poll:<id>", which a poll placed in an article's body depends on), its
article's or show's poll tag stale, and the board's "forecasts" for
predictions about a season; a season rating its show's "ratings:show:<id>".
Each purges those pages from a proxy, coalesced. A poll that opens or closes
by the clock changes nothing saved: jobs.py makes its pages stale then.
"""

from django.db.models.signals import post_delete, post_save

from cliffhanger.caching.dependencies import invalidate
from cliffhanger.newsroom.purges import article_purge_soon
from cliffhanger.tracker.models import Season
from cliffhanger.tracker.purges import board_purge_soon, show_purge_soon

from .models import Poll, PollVote, SeasonRating


def poll_tags(poll: Poll) -> list[str]:
    tags = [f"poll:{poll.pk}"]
    if poll.article_id:
        tags.append(f"polls:article:{poll.article_id}")
    if poll.show_id:
        tags.append(f"polls:show:{poll.show_id}")
    if poll.season_id or poll.show_id:
        tags.append("forecasts")
    return tags


def poll_changed(sender, instance, **kwargs):
    poll_pages_stale(instance)


def poll_vote_changed(sender, instance, **kwargs):
    poll = (
        Poll.objects.filter(pk=instance.poll_id)
        .only("article_id", "show_id", "season_id")
        .first()
    )
    if poll is not None:
        poll_pages_stale(poll)


def poll_pages_stale(poll: Poll) -> None:
    """What shows the poll is stale (its tags) and goes from a proxy, coalesced.
    Needs the poll's pk, article_id, show_id and season_id only."""
    tags = poll_tags(poll)
    invalidate(*tags)
    if poll.article_id:
        article_purge_soon(article_id=poll.article_id)
    if poll.show_id:
        show_purge_soon(show_id=poll.show_id)
    if "forecasts" in tags:
        board_purge_soon()


def rating_changed(sender, instance, **kwargs):
    show_id = (
        Season.objects.filter(pk=instance.season_id)
        .values_list("show_id", flat=True)
        .first()
    )
    if show_id:
        invalidate(f"ratings:show:{show_id}")
        show_purge_soon(show_id=show_id)


def connect() -> None:
    for receiver, model in (
        (poll_changed, Poll),
        (poll_vote_changed, PollVote),
        (rating_changed, SeasonRating),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"cache-{model}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"cache-del-{model}")
