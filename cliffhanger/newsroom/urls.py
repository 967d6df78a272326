from django.urls import path

from . import views

app_name = "newsroom"

urlpatterns = [
    path("author/<slug:slug>/", views.author_detail, name="author_detail"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path(
        "views/<int:article_id>/", views.article_view_beacon, name="article_view_beacon"
    ),
]
