"""Coordinators keep the grading scales, import results, read the log and the stored results."""

from django.db import migrations

GRANTS = {
    "gradingscale": (
        ("add", "Can add шкала перевода баллов ВПР"),
        ("change", "Can change шкала перевода баллов ВПР"),
        ("delete", "Can delete шкала перевода баллов ВПР"),
        ("view", "Can view шкала перевода баллов ВПР"),
    ),
    # Adding a log row is what importing results means (the log itself is read-only).
    "importlog": (
        ("add", "Can add запись журнала импорта результатов"),
        ("view", "Can view запись журнала импорта результатов"),
    ),
    "resultaggregate": (("view", "Can view результат школы"),),
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name="Координаторы").first()
    if group is None:
        return
    for model, actions in GRANTS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="indicators", model=model)
        for action, name in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": name},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_results"),
        ("site_cms", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
