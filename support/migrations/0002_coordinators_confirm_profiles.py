"""Coordinators review every school's risk profile and confirm it."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name="Координаторы").first()
    if group is None:
        return
    # On a fresh database Django creates permissions only after all migrations.
    content_type, _ = ContentType.objects.get_or_create(app_label="support", model="riskprofile")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="confirm_riskprofile",
        defaults={"name": "Может подтверждать рисковые профили школ"},
    )
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_risk_profiles_and_measures"),
        ("site_cms", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
