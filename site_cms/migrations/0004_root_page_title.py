from django.db import migrations

# Wagtail names the tree's root «Root»; the explorer shows it to administrators as a heading.
ROOT_TITLE = "Все сайты"


def name_root(apps, schema_editor):
    apps.get_model("wagtailcore.Page").objects.filter(depth=1, title="Root").update(
        title=ROOT_TITLE, draft_title=ROOT_TITLE
    )


def unname_root(apps, schema_editor):
    apps.get_model("wagtailcore.Page").objects.filter(depth=1, title=ROOT_TITLE).update(
        title="Root", draft_title="Root"
    )


class Migration(migrations.Migration):
    dependencies = [("site_cms", "0003_create_roles")]

    operations = [migrations.RunPython(name_root, unname_root)]
