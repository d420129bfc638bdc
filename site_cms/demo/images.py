"""Demo images: drawn by ``artwork`` at load time and stored in the demo collection."""

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from . import artwork
from .collection import demo_collection


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
        data = spec.draw()
        digest = hashlib.sha1(data).hexdigest()
        created = image is None
        if created:
            image = image_model(title=spec.title, collection=collection, uploaded_by_user=user)
        image.description = spec.alt_text
        if created or image.file_hash != digest or not image.file.storage.exists(image.file.name):
            if not created:
                image.renditions.all().delete()
                image.file.delete(save=False)
            image.file = ImageFile(io.BytesIO(data), name=spec.filename)
            image.file_size, image.file_hash = len(data), digest
        image.save()
        images[spec.key] = image
        stdout.write(f"{'Создано' if created else 'Обновлено'} изображение «{spec.title}»")
    return images
