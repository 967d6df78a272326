"""The endpoint form in the admin: events as checkboxes, the URL checked as sending would."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .models import EventType
from .safe_http import AddressRefused, target_resolve


class EndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label="Events",
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The events sent to this URL.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The editor who registers an endpoint hears about it by default.
        if self.instance.pk is None and self.for_user is not None:
            self.initial.setdefault("owner", self.for_user.pk)

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            target_resolve(url)
        except AddressRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return url

    def clean_events(self):
        # Stored in the order of EventType, whatever order they were ticked in.
        chosen = set(self.cleaned_data["events"])
        return [event for event in EventType.values if event in chosen]
