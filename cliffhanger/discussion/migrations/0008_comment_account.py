import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """A comment's user is the reader's account: renamed, with its verified mark."""

    dependencies = [
        ("discussion", "0007_comment_address_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="comment", old_name="user", new_name="account"),
        migrations.AlterField(
            model_name="comment",
            name="account",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="comments",
                to=settings.AUTH_USER_MODEL,
                verbose_name="account",
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="author_verified",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="verified author"
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["account", "status"], name="discussion_comment_account"
            ),
        ),
    ]
