"""The «по чему» form of every subject the second migration seeded."""

from django.db import migrations

DATIVES = {
    "russkiy-yazyk": "русскому языку",
    "literatura": "литературе",
    "matematika": "математике",
    "okruzhayushchiy-mir": "окружающему миру",
    "fizika": "физике",
    "khimiya": "химии",
    "biologiya": "биологии",
    "geografiya": "географии",
    "istoriya": "истории",
    "obshchestvoznanie": "обществознанию",
    "informatika": "информатике",
    "inostrannyy-yazyk": "иностранному языку",
    "tekhnologiya": "технологии",
    "fizicheskaya-kultura": "физической культуре",
}


def fill(apps, schema_editor):
    Subject = apps.get_model("curriculum", "Subject")
    for slug, dative in DATIVES.items():
        # An editor's own wording stays.
        Subject.objects.filter(slug=slug, dative="").update(dative=dative)


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0003_subject_dative")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
