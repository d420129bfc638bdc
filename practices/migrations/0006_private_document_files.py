"""Documents' files move from the public media folder into private storage, each under a random
folder (site_cms/private_storage.py); their links (/documents/<id>/<name>) stay the same."""

import os

from django.core.files.storage import storages
from django.db import migrations, models

import site_cms.private_storage


def _move(apps, source, target, new_name):
    Material = apps.get_model("practices", "Material")
    max_length = Material._meta.get_field("file").max_length
    for material in Material.objects.exclude(file="").only("file").iterator():
        name = material.file.name
        if not source.exists(name):  # already moved, or lost before: nothing to do
            continue
        with source.open(name, "rb") as content:
            saved = target.save(new_name(name), content, max_length=max_length)
        Material.objects.filter(pk=material.pk).update(file=saved)
        source.delete(name)


def to_private_storage(apps, schema_editor):
    _move(
        apps,
        storages["default"],
        storages["documents"],
        lambda name: site_cms.private_storage.document_upload_to(None, os.path.basename(name)),
    )


def to_public_media(apps, schema_editor):
    _move(
        apps,
        storages["documents"],
        storages["default"],
        lambda name: f"documents/{os.path.basename(name)}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0005_review_workflow"),
    ]

    operations = [
        migrations.AlterField(
            model_name="material",
            name="file",
            field=models.FileField(
                storage=site_cms.private_storage.documents_storage,
                upload_to=site_cms.private_storage.document_upload_to,
                verbose_name="file",
            ),
        ),
        migrations.RunPython(to_private_storage, to_public_media),
    ]
