from django.urls import path

from cliffhanger.caching.whole_answers import kept_whole

from . import feeds, views
from .cache_rules import ALL_COMMENTS

# Feeds are kept whole until a comment, or an article they name, changes.
latest_feed = kept_whole(ALL_COMMENTS, "articles")
article_feed = kept_whole("comments:{article_id}", "articles")

app_name = "discussion"

urlpatterns = [
    path("post/<id:article_id>/", views.comment_post, name="comment_post"),
    path("<id:comment_id>/", views.comment_permalink, name="comment_permalink"),
    path("<id:comment_id>/edit/", views.comment_edit_view, name="comment_edit"),
    path("<id:comment_id>/delete/", views.comment_delete_view, name="comment_delete"),
    path("<id:comment_id>/vote/", views.comment_vote, name="comment_vote"),
    path("<id:comment_id>/report/", views.comment_report_view, name="comment_report"),
    path("moderate/<str:token>/", views.moderation_link_view, name="moderation_link"),
    path(
        "replies/confirm/<str:token>/",
        views.replies_confirm_view,
        name="replies_confirm",
    ),
    path(
        "replies/unsubscribe/<str:token>/",
        views.replies_unsubscribe_view,
        name="replies_unsubscribe",
    ),
    path("feed/", latest_feed(feeds.LatestCommentsFeed()), name="feed_latest"),
    path(
        "feed/atom/",
        latest_feed(feeds.LatestCommentsAtomFeed()),
        name="feed_latest_atom",
    ),
    path(
        "feed/article/<id:article_id>/",
        article_feed(feeds.ArticleCommentsFeed()),
        name="feed_article",
    ),
    path(
        "feed/article/<id:article_id>/atom/",
        article_feed(feeds.ArticleCommentsAtomFeed()),
        name="feed_article_atom",
    ),
]
