"""Coordinators, who import the results, load the task descriptions too: importing one is
adding it; they also view them, correct their years and delete them."""

from django.db import migrations

NAMES = {
    "add": "Can add описание проверочной работы",
    "change": "Can change описание проверочной работы",
    "delete": "Can delete описание проверочной работы",
    "view": "Can view описание проверочной работы",
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name="Координаторы").first()
    if group is None:
        return
    # On a fresh database Django creates permissions only after all migrations.
    content_type, _ = ContentType.objects.get_or_create(app_label="skills", model="taskdescription")
    for action, name in NAMES.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_taskdescription",
            defaults={"name": name},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0001_task_descriptions"),
        ("site_cms", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
