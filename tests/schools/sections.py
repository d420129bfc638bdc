"""The school's «Повышение качества образования» section as its editors post it in the admin."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from schools.models import QualitySectionPage


def section_of(school):
    return QualitySectionPage.objects.child_of(school.page).get()


def section_form(section, documents=(), intro="План на год"):
    """The edit form's data, published, with ``documents`` as the programme's documents."""
    return nested_form_data(
        {
            "title": section.title,
            "slug": section.slug,
            "intro": intro,
            "programme_documents": streamfield(
                [
                    ("document", {"kind": "programme", "title": "Программа", "document": d.pk})
                    for d in documents
                ]
            ),
            "roadmap": streamfield([]),
            "partnership": rich_text(""),
            "recommendations": streamfield([]),
            "reports": streamfield([]),
            "team": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
