import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Bans on a reader's account, beside those on an email or an address."""

    dependencies = [
        ("discussion", "0008_comment_account"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="commenterban",
            name="account",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="account",
            ),
        ),
        migrations.AlterField(
            model_name="commenterban",
            name="kind",
            field=models.CharField(
                choices=[
                    ("email", "Email address"),
                    ("address", "Address hash"),
                    ("account", "Reader account"),
                ],
                max_length=8,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="commenterban",
            name="value",
            field=models.CharField(
                help_text=(
                    "The email, or the address hash shown on a comment (never a "
                    "raw IP); for an account, its number."
                ),
                max_length=254,
                verbose_name="value",
            ),
        ),
        migrations.AddConstraint(
            model_name="commenterban",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("account__isnull", False), ("kind", "account")),
                    models.Q(
                        models.Q(("kind", "account"), _negated=True),
                        ("account__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="discussion_ban_account_kind",
            ),
        ),
    ]
