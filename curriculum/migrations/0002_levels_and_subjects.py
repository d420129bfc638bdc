"""The three levels of general education and the subjects of the assessment procedures."""

from django.db import migrations

LEVELS = [
    ("НОО", "noo", "Начальное общее образование", 1, 4),
    ("ООО", "ooo", "Основное общее образование", 5, 9),
    ("СОО", "soo", "Среднее общее образование", 10, 11),
]

SUBJECTS = [
    ("Русский язык", "russkiy-yazyk", ""),
    ("Литература", "literatura", "Литературное чтение"),
    ("Математика", "matematika", "Алгебра\nГеометрия\nМатематика (базовая)\nМатематика (профильная)"),
    ("Окружающий мир", "okruzhayushchiy-mir", ""),
    ("Физика", "fizika", ""),
    ("Химия", "khimiya", ""),
    ("Биология", "biologiya", ""),
    ("География", "geografiya", ""),
    ("История", "istoriya", ""),
    ("Обществознание", "obshchestvoznanie", ""),
    ("Информатика", "informatika", "Информатика и ИКТ"),
    ("Иностранный язык", "inostrannyy-yazyk", "Английский язык\nНемецкий язык\nФранцузский язык"),
    ("Технология", "tekhnologiya", "Труд (технология)"),
    ("Физическая культура", "fizicheskaya-kultura", ""),
]


def create(apps, schema_editor):
    EducationLevel = apps.get_model("curriculum", "EducationLevel")
    Subject = apps.get_model("curriculum", "Subject")
    for code, slug, name, first, last in LEVELS:
        EducationLevel.objects.update_or_create(
            code=code, defaults={"slug": slug, "name": name, "first_grade": first, "last_grade": last}
        )
    for order, (name, slug, other_names) in enumerate(SUBJECTS, start=1):
        Subject.objects.get_or_create(
            slug=slug, defaults={"name": name, "other_names": other_names, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
