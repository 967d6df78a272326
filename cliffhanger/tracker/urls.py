from django.urls import path

from cliffhanger.caching.whole_answers import kept_whole

from . import feeds, views

# A feed is kept whole (and by the page cache) until what it lists changes.
status_feed = kept_whole("shows")
articles_feed = kept_whole("articles", "shows")

app_name = "tracker"

urlpatterns = [
    path("", views.show_board_view, name="show_board"),
    path("feed/", status_feed(feeds.StatusChangesFeed()), name="feed_changes"),
    path(
        "feed/atom/",
        status_feed(feeds.StatusChangesAtomFeed()),
        name="feed_changes_atom",
    ),
    path(
        "follow/confirm/<str:token>/",
        views.show_follow_confirm_view,
        name="follow_confirm",
    ),
    path(
        "follow/unsubscribe/<str:token>/",
        views.show_follow_unsubscribe_view,
        name="follow_unsubscribe",
    ),
    path("<slug:slug>/", views.show_detail_view, name="show_detail"),
    path("<slug:slug>/follow/", views.show_follow_view, name="show_follow"),
    path(
        "<slug:slug>/feed/",
        status_feed(feeds.ShowStatusChangesFeed()),
        name="feed_show_changes",
    ),
    path(
        "<slug:slug>/feed/atom/",
        status_feed(feeds.ShowStatusChangesAtomFeed()),
        name="feed_show_changes_atom",
    ),
    path(
        "<slug:slug>/articles/feed/",
        articles_feed(feeds.ShowArticlesFeed()),
        name="feed_show_articles",
    ),
    path(
        "<slug:slug>/articles/feed/atom/",
        articles_feed(feeds.ShowArticlesAtomFeed()),
        name="feed_show_articles_atom",
    ),
]
