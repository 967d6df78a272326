"""
API keys that editors issue for more than the anonymous rate. Only a hash
of each key is stored: the key itself is shown once, when it is made.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cliffhanger.core.models import TimeStampedModel

KEY_PREFIX = "chk"


def key_hash(key: str) -> str:
    """A key is 32 random bytes, so one round of SHA-256 is as good as a slow hash."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(TimeStampedModel):
    name = models.CharField(
        _("name"), max_length=120, help_text=_("Who uses the key, and for what.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    hashed = models.CharField(max_length=64, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"), default=600
    )
    last_used_at = models.DateTimeField(
        _("last used"), null=True, blank=True, editable=False
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({KEY_PREFIX}_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def issue(self) -> str:
        """Give this unsaved key its secret; returns the key to show once."""
        self.prefix = secrets.token_hex(4)
        secret = secrets.token_urlsafe(32)
        key = f"{KEY_PREFIX}_{self.prefix}_{secret}"
        self.hashed = key_hash(key)
        return key

    def revoke(self) -> None:
        self.revoked_at = self.revoked_at or timezone.now()
