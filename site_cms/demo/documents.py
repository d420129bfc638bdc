"""Demo documents: small PDF files generated at load time and stored in the demo collection."""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from . import content
from .collection import demo_collection
from .pdf import build_pdf


@dataclass(frozen=True)
class DemoDocument:
    key: str
    title: str
    filename: str
    heading: str
    paragraphs: list


DEMO_DOCUMENTS = (
    DemoDocument(
        "programme",
        "Региональная программа поддержки ШНОР на 2023–2024 годы (краткое изложение)",
        "programma-podderzhki-shnor-2023-2024.pdf",
        content.PROGRAMME_PDF_TITLE,
        content.PROGRAMME_PDF,
    ),
    DemoDocument(
        "forms",
        "Памятка: формы методической поддержки школ",
        "pamyatka-formy-podderzhki.pdf",
        content.FORMS_PDF_TITLE,
        content.FORMS_PDF,
    ),
)


def load_documents(user, stdout, *, refresh=True):
    """Create or refresh the demo documents; return them by key (as they are, if not refresh)."""
    document_model = get_document_model()
    collection = demo_collection()
    author = content.INSTITUTE["name"]
    documents = {}
    for spec in DEMO_DOCUMENTS:
        document = document_model.objects.filter(title=spec.title, collection=collection).first()
        if document is not None and not refresh:
            documents[spec.key] = document
            continue
        data = build_pdf(spec.heading, spec.paragraphs, author=author, subject=spec.title)
        digest = hashlib.sha1(data).hexdigest()
        created = document is None
        if created:
            document = document_model(
                title=spec.title, collection=collection, uploaded_by_user=user
            )
        if (
            created
            or document.file_hash != digest
            or not document.file.storage.exists(document.file.name)
        ):
            if not created:
                document.file.delete(save=False)
            document.file = ContentFile(data, name=spec.filename)
            document.file_size, document.file_hash = len(data), digest
        document.save()
        documents[spec.key] = document
        stdout.write(f"{'Создан' if created else 'Обновлён'} документ «{spec.title}»")
    return documents
