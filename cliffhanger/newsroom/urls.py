from django.urls import path

from cliffhanger.caching.whole_answers import kept_whole

from . import feeds, views

# A feed is kept whole (and by the page cache) until an article changes.
articles_feed = kept_whole("articles")

app_name = "newsroom"

urlpatterns = [
    path("feed/", articles_feed(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", articles_feed(feeds.LatestArticlesAtomFeed()), name="feed_atom"),
    path(
        "author/<slug:slug>/feed/",
        articles_feed(feeds.AuthorFeed()),
        name="feed_author",
    ),
    path(
        "author/<slug:slug>/feed/atom/",
        articles_feed(feeds.AuthorAtomFeed()),
        name="feed_author_atom",
    ),
    path("tag/<slug:slug>/feed/", articles_feed(feeds.TagFeed()), name="feed_tag"),
    path(
        "tag/<slug:slug>/feed/atom/",
        articles_feed(feeds.TagAtomFeed()),
        name="feed_tag_atom",
    ),
    path("author/<slug:slug>/", views.author_detail, name="author_detail"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path(
        "views/<id:article_id>/", views.article_view_beacon, name="article_view_beacon"
    ),
]
