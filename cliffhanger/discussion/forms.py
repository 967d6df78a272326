"""Input validation for the comment form; the rules themselves live in services."""

import math
import time
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from cliffhanger.accounts.forms import display_name_validated
from cliffhanger.accounts.services import DISPLAY_NAME_REQUIRED
from cliffhanger.core.text import display_name_clean

from .services import COMMENT_BODY_REQUIRED, COMMENT_NAME_REQUIRED, COMMENT_TOO_LONG

NOTIFY_NEEDS_EMAIL = "Enter your email to be told about replies, or untick that box."
ISSUED_SALT = "discussion.comment_form.issued"
WEBSITE_INVALID = "Enter a web address starting with http:// or https://."
EMAIL_INVALID = "Enter a valid email address, or leave it empty."
# What a signed-in reader is not asked: their account says who they are.
ANONYMOUS_FIELDS = ("author_name", "author_email", "author_url", "notify_replies")


def issued_now() -> str:
    """The signed time a form is shown (the too-fast check reads it back), in
    whole seconds rounded up, so the check can only be stricter."""
    return _issued_at(math.ceil(time.time()))


@lru_cache(maxsize=2)
def _issued_at(second: int) -> str:
    """Signed once a second per process, not once a page (10 us each)."""
    return signing.dumps(second, salt=ISSUED_SALT)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": COMMENT_BODY_REQUIRED},
        help_text=_(
            "Markdown: *italics*, **bold**, [links](https://…), > quotes, ||spoilers||."
        ),
    )
    author_name = forms.CharField(
        label=_("Name"),
        max_length=80,
        error_messages={"required": COMMENT_NAME_REQUIRED},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    author_email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        error_messages={"invalid": EMAIL_INVALID},
        help_text=_("Optional, never shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    author_url = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=300,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"], message=WEBSITE_INVALID)],
        error_messages={"invalid": WEBSITE_INVALID},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    notify_replies = forms.BooleanField(
        label=_(
            "Email me when someone replies (needs your email; the first time, "
            "we send a link to confirm it)."
        ),
        required=False,
    )
    remember = forms.BooleanField(
        label=_("Save my name, email and website in this browser for my next comment."),
        required=False,
    )
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    # Spam defence without JavaScript (as django-contrib-comments does): a
    # field people never see, and a signed time the form was shown.
    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    issued = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, signed_in: bool = False, display_name="", **kwargs):
        """
        `signed_in`: the reader's account names them, so the form has no
        name, email or website, nor remember-me; one with no display name yet
        (`display_name` empty) is asked for it, and it is kept on the account.
        """
        super().__init__(*args, **kwargs)
        self.signed_in = signed_in
        if signed_in:
            for name in (*ANONYMOUS_FIELDS, "remember"):
                del self.fields[name]
            if not display_name:
                self.fields["display_name"] = forms.CharField(
                    label=_("Your display name"),
                    # Checked once cleaned: a longer paste comes back with a
                    # message rather than cut off by the browser unseen.
                    max_length=500,
                    error_messages={"required": DISPLAY_NAME_REQUIRED},
                    help_text=_(
                        "Shown with your comments. You can change it on your "
                        "account page."
                    ),
                    widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
                )
                self.order_fields(["display_name", "body"])
        if not self.is_bound:
            self.initial["issued"] = issued_now()
        self.fields["body"].max_length = settings.DISCUSSION_MAX_LENGTH
        self.fields["body"].validators.append(
            MaxLengthValidator(settings.DISCUSSION_MAX_LENGTH, message=COMMENT_TOO_LONG)
        )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(COMMENT_BODY_REQUIRED)
        return body

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("notify_replies") and not cleaned.get("author_email"):
            self.add_error("author_email", NOTIFY_NEEDS_EMAIL)
        return cleaned

    def looks_automated(self) -> bool:
        """A filled honeypot, or a form sent back faster than a person types."""
        if self.cleaned_data.get("homepage"):
            return True
        try:
            issued = signing.loads(
                self.cleaned_data.get("issued", ""),
                salt=ISSUED_SALT,
                max_age=7 * 24 * 3600,
            )
        except signing.BadSignature:
            return settings.DISCUSSION_MIN_SUBMIT_SECONDS > 0
        # Off at 0: the issued second is rounded up, so it may lie ahead.
        minimum = settings.DISCUSSION_MIN_SUBMIT_SECONDS
        return minimum > 0 and time.time() - float(issued) < minimum

    def clean_display_name(self):
        return display_name_validated(self.cleaned_data["display_name"])

    def clean_author_name(self):
        name = display_name_clean(self.cleaned_data["author_name"])
        if not name:
            raise forms.ValidationError(COMMENT_NAME_REQUIRED)
        return name


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": COMMENT_BODY_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same limit as a new comment: an edit is no way around it.
        self.fields["body"].max_length = settings.DISCUSSION_MAX_LENGTH
        self.fields["body"].validators.append(
            MaxLengthValidator(settings.DISCUSSION_MAX_LENGTH, message=COMMENT_TOO_LONG)
        )
