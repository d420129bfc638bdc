"""The demo's files: the shell's images and documents, and the one way every loader stores a file.

Images are drawn by ``artwork`` at load time; documents, materials and school files are sample
files kept in ``demo/files/``. A file is written only when its bytes change, so loading the demo
again never rewrites one (nor its date).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from . import artwork

FILES = Path(__file__).resolve().parent / "files"
COLLECTION_NAME = "Демонстрационные материалы"


def sample_file(path):
    """The bytes of a sample file, by its path under ``demo/files/``."""
    return (FILES / path).read_bytes()


def store_file(item, data, name):
    """Give a document, material or image ``data`` as its file ``name``, unless it has it.

    The caller saves ``item``. An image's renditions go with its old file.
    """
    digest = hashlib.sha1(data).hexdigest()
    if (
        item.pk is not None
        and item.file_hash == digest
        and item.file.storage.exists(item.file.name)
    ):
        return
    if item.pk is not None:
        if hasattr(item, "renditions"):
            item.renditions.all().delete()
        item.file.delete(save=False)
    item.file = ContentFile(data, name=name)
    item.file_size, item.file_hash = len(data), digest


def demo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


@dataclass(frozen=True)
class DemoImage:
    key: str
    title: str
    filename: str
    alt_text: str
    caption: str
    draw: Callable[[], bytes]


DEMO_IMAGES = (
    DemoImage(
        "school",
        "Школа: иллюстрация",
        "demo-school.png",
        "Рисунок: здание школы с флажком на крыше среди мягких разноцветных кругов",
        "Каждая школа получает поддержку, которая нужна именно ей.",
        artwork.school_and_circles,
    ),
    DemoImage(
        "chart",
        "Динамика результатов: иллюстрация",
        "demo-results-chart.png",
        "Рисунок: столбчатая диаграмма, столбцы и линия тренда растут слева направо",
        "Положительная динамика — главный признак того, что поддержка работает.",
        artwork.results_chart,
    ),
    DemoImage(
        "network",
        "Сетевые пары школ: иллюстрация",
        "demo-network-pairs.png",
        "Схема: шесть пар кружков, большой и малый, соединены друг с другом и с центром",
        "Сетевые пары: школа с низкими результатами работает вместе со школой-лидером "
        "в похожих социальных условиях, а муниципальный центр координирует их работу.",
        artwork.network_pairs,
    ),
    DemoImage(
        "calendar",
        "Календарь семинаров: иллюстрация",
        "demo-seminar-calendar.png",
        "Рисунок: календарная сетка месяца с отмеченными днями и экран вебинара с диаграммой",
        "Семинары и вебинары проходят по графику, материалы остаются в банке презентаций.",
        artwork.seminar_calendar,
    ),
)
IMAGES_BY_KEY = {spec.key: spec for spec in DEMO_IMAGES}


def load_images(user, stdout, *, refresh=True):
    """Create or refresh the demo images; return them by key.

    With ``refresh=False`` images that already exist are returned as they are, without drawing.
    """
    image_model = get_image_model()
    collection = demo_collection()
    images = {}
    for spec in DEMO_IMAGES:
        image = image_model.objects.filter(title=spec.title, collection=collection).first()
        if image is not None and not refresh:
            images[spec.key] = image
            continue
        created = image is None
        if created:
            image = image_model(title=spec.title, collection=collection, uploaded_by_user=user)
        image.description = spec.alt_text
        store_file(image, spec.draw(), spec.filename)
        image.save()
        images[spec.key] = image
        stdout.write(f"{'Создано' if created else 'Обновлено'} изображение «{spec.title}»")
    return images


@dataclass(frozen=True)
class DemoDocument:
    key: str
    title: str
    filename: str  # under demo/files/documents/


DEMO_DOCUMENTS = (
    DemoDocument(
        "programme",
        "Региональная программа поддержки ШНОР на 2023–2024 годы (краткое изложение)",
        "programma-podderzhki-shnor-2023-2024.pdf",
    ),
    DemoDocument(
        "forms", "Памятка: формы методической поддержки школ", "pamyatka-formy-podderzhki.pdf"
    ),
)


def load_documents(user, stdout, *, refresh=True):
    """Create or refresh the demo documents; return them by key (as they are, if not refresh)."""
    document_model = get_document_model()
    collection = demo_collection()
    documents = {}
    for spec in DEMO_DOCUMENTS:
        document = document_model.objects.filter(title=spec.title, collection=collection).first()
        if document is not None and not refresh:
            documents[spec.key] = document
            continue
        created = document is None
        if created:
            document = document_model(
                title=spec.title, collection=collection, uploaded_by_user=user
            )
        store_file(document, sample_file(f"documents/{spec.filename}"), spec.filename)
        document.save()
        documents[spec.key] = document
        stdout.write(f"{'Создан' if created else 'Обновлён'} документ «{spec.title}»")
    return documents
