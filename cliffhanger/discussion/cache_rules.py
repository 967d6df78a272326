"""
Which discussion changes make cached pages stale, connected in
DiscussionConfig.ready(): a comment saved or deleted (a vote saves the
comment's new totals) or an article's discussion settings changed make that
article's "comments:<id>" and the site-wide "comments" (the latest comments
feed) stale, and purge the article's page from a proxy, coalesced.
"""

from django.db.models.signals import post_delete, post_save

from cliffhanger.caching.dependencies import invalidate
from cliffhanger.newsroom.purges import article_purge_soon

from .models import ArticleDiscussion, Comment

# Every comment on the site: what the latest comments feed lists.
ALL_COMMENTS = "comments"


def comments_changed(article_id: int) -> None:
    """What an article's comments show is stale (its thread, the feeds)."""
    invalidate(f"comments:{article_id}", ALL_COMMENTS)


def discussion_changed(sender, instance, **kwargs):
    comments_changed(instance.article_id)
    article_purge_soon(article_id=instance.article_id)


def connect() -> None:
    for model in (Comment, ArticleDiscussion):
        post_save.connect(
            discussion_changed, sender=model, dispatch_uid=f"cache-{model}"
        )
    post_delete.connect(
        discussion_changed, sender=Comment, dispatch_uid="cache-del-comment"
    )
