from django.urls import path

from . import views

app_name = "newsletters"

urlpatterns = [
    path("", views.newsletter_list_view, name="list"),
    path("confirm/<str:token>/", views.subscription_confirm_view, name="confirm"),
    path(
        "unsubscribe/<str:token>/",
        views.subscription_unsubscribe_view,
        name="unsubscribe",
    ),
    path("<slug:slug>/", views.newsletter_detail_view, name="detail"),
    path("<slug:slug>/subscribe/", views.newsletter_subscribe_view, name="subscribe"),
    path("<slug:slug>/<int:issue_id>/", views.issue_archive_view, name="issue"),
]
