from django import forms
from django.utils.translation import gettext_lazy as _

SUBSCRIBE_EMAIL_REQUIRED = "Enter your email address to subscribe."
SUBSCRIBE_EMAIL_INVALID = "Enter a valid email address."


class SubscribeForm(forms.Form):
    # Django's EmailField refuses line breaks and anything else that could
    # add a header to the confirmation mail.
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": SUBSCRIBE_EMAIL_REQUIRED,
            "invalid": SUBSCRIBE_EMAIL_INVALID,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class TestSendForm(forms.Form):
    email = forms.EmailField(label=_("Send a test to"), max_length=254)


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at (UTC)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
