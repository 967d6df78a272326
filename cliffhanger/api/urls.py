from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views
from .errors import api_not_found

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.register("articles", views.ArticleViewSet, basename="article")
router.register("shows", views.ShowViewSet, basename="show")
router.register("seasons", views.SeasonViewSet, basename="season")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("polls", views.PollViewSet, basename="poll")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/reference.html"
        ),
        name="docs",
    ),
    path(
        "articles/<id:pk>/comments/",
        views.ArticleCommentList.as_view(),
        name="article-comments",
    ),
    *router.urls,
    # Ends with "/": an address without one is redirected to it first (APPEND_SLASH).
    re_path(r"^.*/$", api_not_found),
]
