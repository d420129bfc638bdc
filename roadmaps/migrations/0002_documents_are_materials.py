"""The roadmap's approved document and the items' evidence documents refer to the portal's
documents (practices.Material, WAGTAILDOCS_DOCUMENT_MODEL) instead of wagtaildocs.Document, whose
table the project never fills.

A reference to a wagtaildocs.Document follows it to the Material with the same file content (the
file_hash that an upload through the admin stores); one without such a Material is emptied: an id
of the old table is never kept as an id of the new one, where it would name an unrelated Material. The pages' revisions are updated
the same way, so a draft does not bring the old ids back. The constraint is dropped while the ids
are rewritten.
"""

import django.db.models.deletion
from django.db import migrations, models

# (model, field, the field's verbose name)
FIELDS = (
    ("roadmappage", "document", "Утверждённый документ"),
    ("roadmapitem", "evidence_document", "Подтверждение: документ"),
)


def document_field(to, verbose_name, **options):
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="+",
        to=to,
        verbose_name=verbose_name,
        **options,
    )


def alter_fields(to, **options):
    return [
        migrations.AlterField(
            model_name=model, name=name, field=document_field(to, verbose_name, **options)
        )
        for model, name, verbose_name in FIELDS
    ]


def materials_of_documents(apps):
    """{wagtaildocs.Document id: the id of the Material with the same content, or None}."""
    Document = apps.get_model("wagtaildocs", "Document")
    Material = apps.get_model("practices", "Material")
    by_hash = dict(Material.objects.exclude(file_hash="").values_list("file_hash", "pk"))
    return {
        pk: by_hash.get(file_hash)
        for pk, file_hash in Document.objects.values_list("pk", "file_hash")
    }


def rewrite_columns(apps, materials):
    for model_name, name, _ in FIELDS:
        model = apps.get_model("roadmaps", model_name)
        column = f"{name}_id"
        targets = {}
        for pk, old in model.objects.exclude(**{column: None}).values_list("pk", column):
            targets.setdefault(materials.get(old), []).append(pk)
        # By primary key: an old id that is also a new one must not be rewritten twice.
        for new, pks in targets.items():
            model.objects.filter(pk__in=pks).update(**{column: new})


def rewrite_revisions(apps, materials):
    Revision = apps.get_model("wagtailcore", "Revision")
    revisions = Revision.objects.filter(
        content_type__app_label="roadmaps", content_type__model="roadmappage"
    )
    for revision in revisions.iterator():
        content = revision.content
        rows = [content, *content.get("items", [])]
        changed = False
        for row in rows:
            for _, name, _ in FIELDS:
                if row.get(name) is not None:
                    row[name] = materials.get(row[name])
                    changed = True
        if changed:
            revision.save(update_fields=["content"])


def point_to_materials(apps, schema_editor, materials=None):
    """Rewrite every reference to a wagtaildocs.Document as its Material's id (or empty it)."""
    if materials is None:
        materials = materials_of_documents(apps)
    rewrite_columns(apps, materials)
    rewrite_revisions(apps, materials)


def forget_materials(apps, schema_editor):
    """Going back: a Material is no wagtaildocs.Document, the references are emptied."""
    point_to_materials(apps, schema_editor, materials={})


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0006_private_document_files"),
        ("roadmaps", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        *alter_fields("wagtaildocs.document", db_constraint=False),
        migrations.RunPython(point_to_materials, forget_materials),
        *alter_fields("practices.material"),
    ]
