from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("site_cms.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    # Replace the placeholder page Wagtail's own migrations create.
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="site_cms")
    home = HomePage.objects.create(
        title="Портал поддержки школ",
        draft_title="Портал поддержки школ",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        locale=Locale.objects.order_by("pk").first(),
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page_id=home.id, is_default_site=True,
        site_name="Портал поддержки школ",
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("site_cms.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site_cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
