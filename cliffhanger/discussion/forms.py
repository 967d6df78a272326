"""Input validation for the comment form; the rules themselves live in services."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .services import COMMENT_BODY_REQUIRED, COMMENT_NAME_REQUIRED

WEBSITE_INVALID = "Enter a web address starting with http:// or https://."
EMAIL_INVALID = "Enter a valid email address, or leave it empty."


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
    remember = forms.BooleanField(
        label=_("Save my name, email and website in this browser for my next comment."),
        required=False,
    )
    parent = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(COMMENT_BODY_REQUIRED)
        return body

    def clean_author_name(self):
        name = self.cleaned_data["author_name"].strip()
        if not name:
            raise forms.ValidationError(COMMENT_NAME_REQUIRED)
        return name


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": COMMENT_BODY_REQUIRED},
    )
