"""Coordinators and institute editors keep the programmes, their indicators and the values."""

from django.db import migrations

GROUPS = ("Координаторы", "Редакторы института")
MODELS = {
    "programme": "программа",
    "programmeindicator": "показатель программы",
    "indicatorvalue": "значение показателя",
}
ACTIONS = ("add", "change", "delete", "view")


def permissions(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    for model, name in MODELS.items():
        # On a fresh database the default permissions appear only after all migrations.
        content_type, _ = ContentType.objects.get_or_create(app_label="indicators", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {name}"},
            )
            yield permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    granted = list(permissions(apps))
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_programme_indicators"),
        ("site_cms", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
