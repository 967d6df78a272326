from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("profile/visibility/", views.profile_visibility, name="profile_visibility"),
    path("data/", views.data_download, name="data_download"),
    path("delete/", views.account_delete, name="delete"),
    path("closed/", views.account_closed, name="closed"),
]
