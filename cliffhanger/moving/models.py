"""
What an import made from each object of another system (a WordPress post,
category, author or comment; a Disqus post), so that running it again finds
and updates that object instead of making a second one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportSource(models.TextChoices):
    WORDPRESS = "wordpress", _("WordPress")
    DISQUS = "disqus", _("Disqus")


class ImportedKind(models.TextChoices):
    AUTHOR = "author", _("Author")
    SECTION = "section", _("Section (category)")
    ARTICLE = "article", _("Article (post)")
    COMMENT = "comment", _("Comment")


class ImportedItem(models.Model):
    """
    One object of another system and ours made from it. Exactly one of
    `page`, `author` and `comment` is set, by `kind`; deleting ours deletes
    the row, so a later import makes the object afresh.
    """

    source = models.CharField(_("source"), max_length=10, choices=ImportSource.choices)
    origin = models.CharField(
        _("origin"),
        max_length=200,
        help_text=_("The WordPress site's address, or disqus.com."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ImportedKind.choices)
    external_id = models.CharField(_("id there"), max_length=200)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        "newsroom.Author",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.ForeignKey(
        "discussion.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text=_(
            "Hash of the record as last imported: unchanged records are skipped."
        ),
    )
    data = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "What has no column of ours: the original permalink, the featured "
            "image's address, the secondary categories."
        ),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "origin", "kind", "external_id"],
                name="moving_imported_once",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind__in=["section", "article"],
                        page__isnull=False,
                        author__isnull=True,
                        comment__isnull=True,
                    )
                    | models.Q(
                        kind="author",
                        page__isnull=True,
                        author__isnull=False,
                        comment__isnull=True,
                    )
                    | models.Q(
                        kind="comment",
                        page__isnull=True,
                        author__isnull=True,
                        comment__isnull=False,
                    )
                ),
                name="moving_imported_points_at_its_kind",
            ),
        ]
        verbose_name = _("imported item")

    def __str__(self):
        return f"{self.source} {self.kind} {self.external_id}"
