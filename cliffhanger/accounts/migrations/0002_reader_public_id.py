from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_reader")]

    operations = [
        # Empty first: a default here would give every existing row the same id.
        migrations.AddField(
            model_name="reader",
            name="public_id",
            field=models.CharField(
                editable=False, max_length=16, null=True, verbose_name="public id"
            ),
        ),
    ]
