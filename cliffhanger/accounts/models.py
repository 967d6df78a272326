import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cliffhanger.core.models import TimeStampedModel

DISPLAY_NAME_MAX_LENGTH = 50
READER_NAME_UNSET = _("Reader")
PUBLIC_ID_LENGTH = 16


def public_id_new() -> str:
    """A profile page's address: random, so it tells nothing about the account."""
    return secrets.token_urlsafe(12)  # 16 characters of [-_A-Za-z0-9]


class Reader(TimeStampedModel):
    """
    A signed-in reader's profile, one per user row. Staff are users too; they
    get a profile only when they open /account/. Nothing here is shown to
    others unless a page of theirs (a comment, later a public profile) does.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reader",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"), max_length=DISPLAY_NAME_MAX_LENGTH, blank=True
    )
    avatar_seed = models.CharField(
        _("avatar seed"),
        max_length=64,
        # Random: the avatar tells nothing about the account or its email.
        default=secrets.token_hex,
        editable=False,
    )
    profile_is_public = models.BooleanField(_("public profile"), default=False)
    # /readers/<public_id>/, shown only while profile_is_public.
    public_id = models.CharField(
        _("public id"),
        max_length=PUBLIC_ID_LENGTH,
        unique=True,
        default=public_id_new,
        editable=False,
    )

    class Meta:
        verbose_name = _("reader")
        verbose_name_plural = _("readers")

    def __str__(self):
        return self.name_shown

    def get_absolute_url(self):
        return reverse("readers:profile", kwargs={"public_id": self.public_id})

    @property
    def name_shown(self) -> str:
        return self.display_name or str(READER_NAME_UNSET)
