"""The tracker's part of /account/ (mounted at /account/shows/)."""

from django.urls import path

from . import account_views

app_name = "tracker_account"

urlpatterns = [
    path("follow/", account_views.account_show_follow, name="follow"),
    path("unfollow/", account_views.account_show_unfollow, name="unfollow"),
]
