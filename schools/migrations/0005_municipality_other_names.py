import re

from django.db import migrations, models

LOGIN = re.compile(r"^(?P<prefix>[a-z]+)(?P<number>\d+)$")


def key_other_prefixes_by_login(apps, schema_editor):
    """Only sch/edu logins share a numbering: a ksh login keeps its prefix in the key."""
    SchoolCode = apps.get_model("schools", "SchoolCode")
    changed = []
    for school_code in SchoolCode.objects.exclude(code__startswith="sch").exclude(
        code__startswith="edu"
    ):
        if LOGIN.match(school_code.code) and school_code.number != school_code.code:
            school_code.number = school_code.code
            changed.append(school_code)
    SchoolCode.objects.bulk_update(changed, ["number"])


def key_every_login_by_number(apps, schema_editor):
    SchoolCode = apps.get_model("schools", "SchoolCode")
    changed = []
    for school_code in SchoolCode.objects.all():
        match = LOGIN.match(school_code.code)
        if match and school_code.number != match["number"]:
            school_code.number = match["number"]
            changed.append(school_code)
    SchoolCode.objects.bulk_update(changed, ["number"])


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0004_section_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="other_names",
            field=models.TextField(
                blank=True,
                help_text=(
                    "По одному в строке: как муниципалитет называется в файлах ФИС ОКО "
                    "(например, «Алейский муниципальный район»). "
                    "Импорт реестра узнаёт его и по ним."
                ),
                verbose_name="другие названия",
            ),
        ),
        migrations.RunPython(key_other_prefixes_by_login, key_every_login_by_number),
    ]
