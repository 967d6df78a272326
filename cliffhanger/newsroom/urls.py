from django.urls import path

from . import feeds, views

app_name = "newsroom"

urlpatterns = [
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("author/<slug:slug>/feed/", feeds.AuthorFeed(), name="feed_author"),
    path(
        "author/<slug:slug>/feed/atom/",
        feeds.AuthorAtomFeed(),
        name="feed_author_atom",
    ),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="feed_tag"),
    path("tag/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="feed_tag_atom"),
    path("author/<slug:slug>/", views.author_detail, name="author_detail"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path(
        "views/<id:article_id>/", views.article_view_beacon, name="article_view_beacon"
    ),
]
