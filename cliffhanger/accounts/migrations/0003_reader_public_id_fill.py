import secrets

from django.db import migrations


def fill(apps, schema_editor):
    Reader = apps.get_model("accounts", "Reader")
    for reader in Reader.objects.filter(public_id__isnull=True).only("pk").iterator():
        Reader.objects.filter(pk=reader.pk).update(public_id=secrets.token_urlsafe(12))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_reader_public_id")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
