from functools import lru_cache

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


def email_input_html(form: FollowForm) -> str:
    """
    The form's email input. A blank form's is the same for every reader and
    every show, so it is drawn once per process: Django draws a widget through
    its template renderer, which cost a show page a sixth of its time.
    """
    if form.is_bound:
        return str(form["email"])
    return _blank_email_input()


@lru_cache(maxsize=1)
def _blank_email_input() -> str:
    return str(FollowForm()["email"])
