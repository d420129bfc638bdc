from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="schools", model="school")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_freshness_report",
        defaults={"name": "Может видеть отчёт о свежести разделов школ"},
    )
    for name in ("Координаторы", "Редакторы института"):
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    apps.get_model("auth.Permission").objects.filter(codename="view_freshness_report").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0001_initial"),
        ("site_cms", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
