from django.db import migrations


def create_home_page(apps, schema_editor):
    """Replace Wagtail's starter page with the newsroom's HomePage as the site root."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("newsroom.HomePage")

    starter_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=starter_type, slug="home", depth=2).delete()
    if HomePage.objects.exists():
        return

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="newsroom")
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        live=True,
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Cliffhanger"},
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("newsroom.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
