"""
The admin's issue pages beyond the generic ones: compose (the add view),
inspect with a preview and the delivery counts, and the POST actions (test
send to oneself, schedule, back to draft, send now). Each action checks the
"change issue" permission (Editors, roles.py) and calls a service.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.permissions import policy_registry

from .forms import ScheduleForm
from .issues import (
    CHANGEABLE,
    issue_compose,
    issue_schedule,
    issue_test_send,
    issue_unschedule,
)
from .mail import issue_parts
from .models import Issue
from .selectors import issue_delivery_counts
from .sending import issue_send_start

INSPECT_URL = "newsletter_issues:inspect"


class IssueComposeView(generic.CreateView):
    """The add view: pick a newsletter, get a draft of the news since its last issue."""

    def get_panel(self):
        return ObjectList(
            [FieldPanel("newsletter"), FieldPanel("intro")]
        ).bind_to_model(Issue)

    def get_form_class(self):
        # The viewset hands every view the edit form; composing asks for less.
        return self.panel.get_form_class()

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = issue_compose(
                    newsletter=form.cleaned_data["newsletter"],
                    created_by=self.request.user,
                )
                if form.cleaned_data.get("intro"):
                    self.object.intro = form.cleaned_data["intro"]
                    self.object.save(update_fields=["intro", "updated_at"])
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = " ".join(error.messages)
            return self.form_invalid(form)
        return self.save_action()

    def get_success_url(self):
        return reverse(INSPECT_URL, args=[self.object.pk])


class IssueEditView(generic.EditView):
    """Subject, intro and send time, while the issue has not started sending."""

    def dispatch(self, request, *args, **kwargs):
        issue = get_object_or_404(Issue, pk=kwargs.get("pk"))
        if issue.status not in CHANGEABLE:
            messages.error(
                request, "This issue has been sent; it can no longer change."
            )
            return redirect(INSPECT_URL, issue.pk)
        return super().dispatch(request, *args, **kwargs)


class IssueInspectView(generic.InspectView):
    template_name = "newsletters/admin/issue_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.object
        context.update(
            counts=issue_delivery_counts(issue=issue),
            text=issue_parts(issue).text,
            can_change=self.user_has_permission("change"),
            changeable=issue.status in CHANGEABLE,
            schedule_form=ScheduleForm(initial={"send_at": issue.send_at}),
            own_email=self.request.user.email,
        )
        return context


def _change_permitted(request) -> None:
    policy = policy_registry.get_by_type(Issue)
    if not policy.user_has_permission(request.user, "change"):
        raise PermissionDenied


@require_GET
def issue_preview_view(request, pk):
    """The HTML mail as subscribers get it (framed by the inspect page)."""
    policy = policy_registry.get_by_type(Issue)
    if not policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    html = issue_parts(issue).html
    response = HttpResponse(html)
    # Framed by the admin's own page only.
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@require_POST
def issue_test_send_view(request, pk):
    _change_permitted(request)
    issue = get_object_or_404(Issue, pk=pk)
    email = request.user.email
    if not email:
        messages.error(request, "Add an email address to your account to get a test.")
        return redirect(INSPECT_URL, pk)
    issue_test_send(issue=issue, email=email)
    messages.success(request, f"A test copy is on its way to {email}.")
    return redirect(INSPECT_URL, pk)


@require_POST
def issue_schedule_view(request, pk):
    _change_permitted(request)
    issue = get_object_or_404(Issue, pk=pk)
    form = ScheduleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["send_at"][0])
        issue_schedule(issue=issue, send_at=form.cleaned_data["send_at"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(INSPECT_URL, pk)
    messages.success(request, f"Scheduled for {issue.send_at:%Y-%m-%d %H:%M} UTC.")
    return redirect(INSPECT_URL, pk)


@require_POST
def issue_unschedule_view(request, pk):
    _change_permitted(request)
    try:
        issue_unschedule(issue=get_object_or_404(Issue, pk=pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Back to draft: it will not be sent.")
    return redirect(INSPECT_URL, pk)


@require_POST
def issue_send_now_view(request, pk):
    _change_permitted(request)
    issue = get_object_or_404(Issue, pk=pk)
    if issue_send_start(issue=issue):
        messages.success(request, "Sending: the task worker is mailing it in batches.")
    else:
        messages.error(request, "This issue has already started sending.")
    return redirect(INSPECT_URL, pk)
