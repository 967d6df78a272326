import cliffhanger.accounts.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_reader_public_id_fill")]

    operations = [
        migrations.AlterField(
            model_name="reader",
            name="public_id",
            field=models.CharField(
                default=cliffhanger.accounts.models.public_id_new,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="public id",
            ),
        ),
    ]
