"""The newsletters' part of /account/ (mounted at /account/newsletters/)."""

from django.urls import path

from . import account_views

app_name = "newsletters_account"

urlpatterns = [
    path("", account_views.account_subscription_set, name="set"),
]
