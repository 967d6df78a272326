from django import forms
from django.utils.translation import gettext_lazy as _

FOLLOW_EMAIL_REQUIRED = "Enter your email address to follow this show."
FOLLOW_EMAIL_INVALID = "Enter a valid email address."


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": FOLLOW_EMAIL_REQUIRED,
            "invalid": FOLLOW_EMAIL_INVALID,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "We email you when a season is renewed, cancelled or dated. Nothing else."
        ),
    )
