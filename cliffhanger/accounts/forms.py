"""Input validation for readers' accounts."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import RequestLoginCodeForm
from allauth.core import context, ratelimit
from django import forms
from django.core.validators import MaxLengthValidator

from cliffhanger.core.text import display_name_clean

from .models import DISPLAY_NAME_MAX_LENGTH
from .services import DISPLAY_NAME_REQUIRED

EMAIL_MAX_LENGTH = 254
DISPLAY_NAME_TOO_LONG = (
    f"Keep your name to {DISPLAY_NAME_MAX_LENGTH} characters or fewer."
)


def display_name_validated(value: str) -> str:
    """A reader's display name, cleaned; raises ValidationError with what to fix."""
    name = display_name_clean(value)
    if not name:
        raise forms.ValidationError(DISPLAY_NAME_REQUIRED)
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise forms.ValidationError(DISPLAY_NAME_TOO_LONG)
    return name


class SignInForm(RequestLoginCodeForm):
    """allauth's form (rate limits per address and per email), with our labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        # The longest address mail can carry (RFC 5321), and the column's size.
        email.max_length = EMAIL_MAX_LENGTH
        email.validators.append(MaxLengthValidator(EMAIL_MAX_LENGTH))
        email.error_messages["required"] = "Enter your email address."
        email.error_messages["invalid"] = (
            "Enter a valid email address, like name@example.com."
        )
        email.error_messages["max_length"] = "That address is too long for email."

    def clean_email(self):
        # Over a limit, refuse before allauth looks the address up: a flood of
        # requests costs the cache, not the database.
        email = self.cleaned_data["email"]
        if email and not ratelimit.consume(
            context.request,
            action="request_login_code",
            key=email.lower(),
            dry_run=True,
        ):
            raise get_adapter().validation_error("too_many_login_attempts")
        return super().clean_email()


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label="Display name",
        # The limit is checked on the cleaned name; a longer paste comes back
        # to the reader with a message, not cut off by the browser unseen.
        max_length=500,
        error_messages={"required": DISPLAY_NAME_REQUIRED},
    )

    def clean_display_name(self):
        return display_name_validated(self.cleaned_data["display_name"])


class ProfileVisibilityForm(forms.Form):
    """The two buttons of "Public profile": show it ("1") or hide it ("0")."""

    public = forms.TypedChoiceField(
        choices=[("1", "Public"), ("0", "Hidden")], coerce=lambda value: value == "1"
    )


class AccountCloseForm(forms.Form):
    """Deleting an account: what becomes of the comments, and a tick to be sure."""

    KEEP, REMOVE = "keep", "remove"
    comments = forms.ChoiceField(
        label="Your comments",
        choices=[
            (KEEP, "Keep them, signed “Deleted reader”"),
            (REMOVE, "Remove them (one with replies stays as “Comment removed.”)"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what happens to your comments.",
            "invalid_choice": "Choose what happens to your comments.",
        },
    )
    confirm = forms.BooleanField(
        label="I understand that a deleted account cannot be brought back.",
        error_messages={"required": "Tick the box to delete your account."},
    )

    @property
    def keep_comments(self) -> bool:
        return self.cleaned_data["comments"] == self.KEEP
