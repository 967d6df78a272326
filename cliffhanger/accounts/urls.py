from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("profile/visibility/", views.profile_visibility, name="profile_visibility"),
]
