"""Readers' public profile pages, /readers/<public_id>/ (opt-in, see views)."""

from django.urls import re_path

from . import views

app_name = "readers"

urlpatterns = [
    re_path(
        r"^(?P<public_id>[-_A-Za-z0-9]{1,32})/$",
        views.public_profile,
        name="profile",
    ),
]
