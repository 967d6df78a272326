"""The discussion's part of /account/ (mounted at /account/comments/)."""

from django.urls import path

from . import account_views

app_name = "discussion_account"

urlpatterns = [
    path("", account_views.account_comments, name="comments"),
    path("replies/", account_views.account_replies_set, name="replies"),
]
