"""Coordinators and institute editors confirm proposed ШНОР into the schools' statuses."""

from django.db import migrations

GROUPS = ("Координаторы", "Редакторы института")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    # On a fresh database the default permissions appear only after all migrations.
    content_type, _ = ContentType.objects.get_or_create(app_label="schools", model="schoolstatus")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="add_schoolstatus",
        defaults={"name": "Can add Статус школы"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    permission = Permission.objects.filter(
        content_type__app_label="schools", codename="add_schoolstatus"
    ).first()
    if permission:
        for group in Group.objects.filter(name__in=GROUPS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_coordinators_keep_scales"),
        ("schools", "0005_municipality_other_names"),
        ("site_cms", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
