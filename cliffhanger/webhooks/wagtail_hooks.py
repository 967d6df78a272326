"""
Webhook endpoints in the Wagtail admin (Settings › Webhooks): create, edit
and delete them; each one's page shows its secret, its recent deliveries
with every attempt, and buttons to enable, disable, rotate the secret and
replay a delivery.

Editors (and superusers) manage endpoints: roles.py grants the Editors group
the endpoint permissions. What an endpoint can reach is fenced by the SSRF
guard (safe_http.py), and what it receives is public data only.
"""

from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import views
from .forms import EndpointForm
from .models import Endpoint

register_permission_policy(Endpoint, ModelPermissionPolicy(Endpoint))


class EventsColumn(Column):
    def get_value(self, instance):
        return ", ".join(instance.events or []) or "—"


class StateColumn(Column):
    def get_value(self, instance):
        if not instance.enabled:
            return "Disabled"
        if instance.failing_since:
            return f"Failing since {instance.failing_since:%Y-%m-%d %H:%M}"
        return "Enabled"


class EndpointViewSet(ModelViewSet):
    model = Endpoint
    name = "webhooks"
    icon = "link-external"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    add_view_class = views.EndpointCreateView
    inspect_view_class = views.EndpointInspectView
    list_display = [
        "url",
        "description",
        EventsColumn("events", label="Events"),
        StateColumn("state", label="State"),
    ]
    list_filter = ["enabled"]
    search_fields = ["url", "description"]
    edit_handler = ObjectList(
        [
            FieldPanel("url"),
            FieldPanel("description"),
            FieldPanel("events"),
            FieldPanel("owner"),
        ],
        base_form_class=EndpointForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("enable/<int:pk>/", views.endpoint_enable_view, name="enable"),
            path("disable/<int:pk>/", views.endpoint_disable_view, name="disable"),
            path("rotate/<int:pk>/", views.endpoint_rotate_view, name="rotate"),
            path(
                "replay/<int:pk>/<int:delivery_id>/",
                views.delivery_replay_view,
                name="replay",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_endpoint_viewset():
    return EndpointViewSet()
