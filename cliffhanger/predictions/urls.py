from django.urls import path

from . import views

app_name = "predictions"

urlpatterns = [
    path("<id:poll_id>/vote/", views.poll_vote, name="poll_vote"),
    path("season/<id:season_id>/rate/", views.season_rate_view, name="season_rate"),
]
