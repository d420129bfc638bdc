"""The institute's roles: groups with the Wagtail permissions each role needs."""

from django.db import migrations

ADMIN = ("wagtailadmin", "admin", "access_admin")
PAGE = lambda action: ("wagtailcore", "page", f"{action}_page")  # noqa: E731
IMAGE = lambda action: ("wagtailimages", "image", f"{action}_image")  # noqa: E731
DOCUMENT = lambda action: ("wagtaildocs", "document", f"{action}_document")  # noqa: E731

ROLES = {
    "Редакторы института": {
        "global": [
            ADMIN,
            ("site_cms", "institutesettings", "change_institutesettings"),
            ("site_cms", "navigationsettings", "change_navigationsettings"),
            ("wagtailredirects", "redirect", "add_redirect"),
            ("wagtailredirects", "redirect", "change_redirect"),
            ("wagtailredirects", "redirect", "delete_redirect"),
        ],
        "pages": [PAGE(a) for a in ("add", "change", "publish", "lock", "unlock")],
        "collections": [IMAGE(a) for a in ("add", "change", "choose")]
        + [DOCUMENT(a) for a in ("add", "change", "choose")],
    },
    "Координаторы": {
        "global": [ADMIN],
        "pages": [PAGE("add"), PAGE("change")],
        "collections": [IMAGE("add"), IMAGE("choose"), DOCUMENT("add"), DOCUMENT("choose")],
    },
    "Эксперты": {
        "global": [ADMIN],
        "pages": [],
        "collections": [IMAGE("choose"), DOCUMENT("choose")],
    },
}


def _permission(apps, app_label, model, codename):
    # On a fresh database Django creates permissions only after all migrations, so make them here.
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    # Wagtail's own sample groups would only confuse editors next to the institute's roles.
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(_permission(apps, *spec) for spec in grants["global"]))
        for spec in grants["pages"]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission(apps, *spec)
            )
        for spec in grants["collections"]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(apps, *spec)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site_cms", "0002_create_home_page"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
