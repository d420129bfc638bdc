"""The directions of work and the risk factors a fresh site starts with; editors extend them."""

from django.db import migrations

DIRECTIONS = [
    ("Формирующее оценивание", "formiruyushchee-otsenivanie"),
    ("ВСОКО", "vsoko"),
    ("Функциональная грамотность", "funktsionalnaya-gramotnost"),
    ("Профилактика учебной неуспешности", "profilaktika-neuspeshnosti"),
    ("Работа с родителями", "rabota-s-roditelyami"),
    ("Наставничество", "nastavnichestvo"),
    ("Сетевое взаимодействие", "setevoe-vzaimodeystvie"),
    ("Инклюзия и ОВЗ", "inklyuziya-i-ovz"),
    ("Профилактика буллинга", "profilaktika-bullinga"),
    ("Подготовка к ГИА", "podgotovka-k-gia"),
    ("Цифровые технологии", "tsifrovye-tekhnologii"),
]

RISK_FACTORS = [
    ("Низкая оснащённость школы", "nizkaya-osnashchennost"),
    ("Дефицит педагогических кадров", "defitsit-kadrov"),
    ("Недостаточная предметная и методическая компетентность педагогов", "kompetentnost-pedagogov"),
    ("Высокая доля обучающихся с рисками учебной неуспешности", "riski-neuspeshnosti"),
    ("Высокая доля обучающихся с ОВЗ", "dolya-ovz"),
    ("Низкая вовлечённость родителей", "vovlechennost-roditeley"),
    ("Низкая учебная мотивация обучающихся", "uchebnaya-motivatsiya"),
    ("Языковой барьер: русский язык неродной", "yazykovoy-barer"),
    ("Неблагоприятный школьный климат", "shkolnyy-klimat"),
]


def create(apps, schema_editor):
    for model_name, rows in (("Direction", DIRECTIONS), ("RiskFactor", RISK_FACTORS)):
        model = apps.get_model("practices", model_name)
        for order, (name, slug) in enumerate(rows, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_bank")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
