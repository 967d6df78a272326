"""
The admin's webhook pages beyond create/edit/delete: an endpoint's page with
its secret and recent deliveries, and the POST actions on it (enable,
disable, rotate the secret, replay a delivery). Each action checks the
"change endpoint" permission (the Editors group, see roles.py) and calls a
service.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.views import generic
from wagtail.permissions import policy_registry

from .models import Delivery, Endpoint
from .selectors import delivery_counts_for_endpoint, delivery_list_for_endpoint
from .services import (
    ENDPOINT_DISABLED_BY_EDITOR,
    delivery_replay,
    endpoint_disable,
    endpoint_enable,
    endpoint_secret_rotate,
)

INSPECT_URL = "webhooks:inspect"


class EndpointCreateView(generic.CreateView):
    def get_success_url(self):
        # Straight to the endpoint's page, where its new secret is shown.
        return reverse(INSPECT_URL, args=[self.object.pk])


class EndpointInspectView(generic.InspectView):
    template_name = "webhooks/admin/endpoint_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        endpoint = self.object
        context.update(
            deliveries=delivery_list_for_endpoint(endpoint=endpoint),
            counts=delivery_counts_for_endpoint(endpoint=endpoint),
            can_change=self.user_has_permission("change"),
        )
        return context


def _change_permitted(request) -> None:
    policy = policy_registry.get_by_type(Endpoint)
    if not policy.user_has_permission(request.user, "change"):
        raise PermissionDenied


@require_POST
def endpoint_enable_view(request, pk):
    _change_permitted(request)
    endpoint = endpoint_enable(endpoint=get_object_or_404(Endpoint, pk=pk))
    messages.success(request, f"Enabled: events go to {endpoint.url} again.")
    return redirect(INSPECT_URL, pk)


@require_POST
def endpoint_disable_view(request, pk):
    _change_permitted(request)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    reason = ENDPOINT_DISABLED_BY_EDITOR.format(user=request.user.get_username())
    endpoint_disable(endpoint=endpoint, reason=reason)
    messages.success(request, f"Disabled: nothing more goes to {endpoint.url}.")
    return redirect(INSPECT_URL, pk)


@require_POST
def endpoint_rotate_view(request, pk):
    _change_permitted(request)
    endpoint_secret_rotate(endpoint=get_object_or_404(Endpoint, pk=pk))
    messages.success(
        request, "New secret made; the old one also signs for the next 24 hours."
    )
    return redirect(INSPECT_URL, pk)


@require_POST
def delivery_replay_view(request, pk, delivery_id):
    _change_permitted(request)
    delivery = get_object_or_404(
        Delivery.objects.select_related("endpoint"), pk=delivery_id, endpoint_id=pk
    )
    if not delivery.endpoint.enabled:
        messages.error(request, "Enable the endpoint first: nothing is sent to it now.")
        return redirect(INSPECT_URL, pk)
    delivery_replay(delivery=delivery)
    messages.success(request, f"Delivery {delivery.message_id} is being sent again.")
    return redirect(INSPECT_URL, pk)
