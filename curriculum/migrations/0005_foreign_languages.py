"""English, German and French become subjects of their own.

ВПР, ОГЭ and ЕГЭ in each language are separate works, yet all three were stored as «Иностранный
язык»: a school's German results replaced its English ones. «Иностранный язык» stays, for the
practices that name it and for the stored results whose language cannot be known.

A stored result moves to its language when the import that last wrote it names the language:
by the subject given with the import, or by the file name of a ВПР protocol (one work a file; a
summary table's name need not speak for all its rows). The grading scales kept for «Иностранный
язык» served imports of every language, so each language gets a copy.
"""

import re

from django.db import migrations
from django.db.models import Exists, OuterRef

FOREIGN_LANGUAGE = "Иностранный язык"
# name, slug, «по чему», other spellings, how a file name or an import's subject names it
LANGUAGES = [
    (
        "Английский язык",
        "angliyskiy-yazyk",
        "английскому языку",
        ["Иностранный язык (английский)", "Иностранный язык (английский язык)", "Английский"],
        r"английск|(?<![a-z])(en|eng)(?![a-z])",
    ),
    (
        "Немецкий язык",
        "nemetskiy-yazyk",
        "немецкому языку",
        ["Иностранный язык (немецкий)", "Иностранный язык (немецкий язык)", "Немецкий"],
        r"немецк|(?<![a-z])(de|deu|ger)(?![a-z])",
    ),
    (
        "Французский язык",
        "frantsuzskiy-yazyk",
        "французскому языку",
        ["Иностранный язык (французский)", "Иностранный язык (французский язык)", "Французский"],
        r"французск|(?<![a-z])(fr|fra|fre)(?![a-z])",
    ),
]


def _key(name):
    return " ".join(name.split()).casefold().replace("ё", "е")


def forwards(apps, schema_editor):
    Subject = apps.get_model("curriculum", "Subject")
    subjects = {_key(subject.name): subject for subject in Subject.objects.all()}
    generic = subjects.get(_key(FOREIGN_LANGUAGE))
    order = generic.sort_order if generic else 120
    languages = []
    for number, (name, slug, dative, spellings, pattern) in enumerate(LANGUAGES, start=1):
        subject = subjects.get(_key(name)) or Subject.objects.filter(slug=slug).first()
        if subject is None:
            subject = Subject.objects.create(
                name=name,
                slug=slug,
                dative=dative,
                other_names="\n".join(spellings),
                sort_order=order + number,
            )
        else:
            # A subject an editor made already: their wording stays, the spellings are added.
            known = {_key(line) for line in subject.other_names.splitlines()}
            added = [spelling for spelling in spellings if _key(spelling) not in known]
            subject.other_names = "\n".join(filter(None, [subject.other_names.strip(), *added]))
            subject.dative = subject.dative or dative
            subject.save(update_fields=["other_names", "dative"])
        languages.append((subject, re.compile(pattern), {_key(name), *map(_key, spellings)}))
    if generic is None:
        return
    taken = set().union(*(spellings for _, _, spellings in languages))
    kept = [line for line in generic.other_names.splitlines() if _key(line) not in taken]
    generic.other_names = "\n".join(kept)
    generic.save(update_fields=["other_names"])
    _move_results(apps, generic, languages)
    _copy_scales(apps, generic, [subject for subject, _, _ in languages])


def _move_results(apps, generic, languages):
    ImportLog = apps.get_model("indicators", "ImportLog")
    ResultAggregate = apps.get_model("indicators", "ResultAggregate")
    stored = ResultAggregate.objects.filter(subject=generic)
    logs = ImportLog.objects.filter(pk__in=stored.values("import_log"))
    for log in logs:
        named = [str((log.options or {}).get("subject", ""))]
        if log.file_format == "fisoko-vpr":
            named.append(log.file_name)
        language = _language(named, languages)
        if language is None:
            continue
        # A result the language already has (an editor's subject) is not overwritten.
        same = ResultAggregate.objects.filter(
            subject=language,
            school=OuterRef("school"),
            year=OuterRef("year"),
            procedure=OuterRef("procedure"),
            grade=OuterRef("grade"),
        )
        stored.filter(import_log=log).exclude(Exists(same)).update(subject=language)


def _language(texts, languages):
    """The language of the first text that names exactly one."""
    for text in texts:
        text = text.lower().replace("ё", "е")
        named = [subject for subject, pattern, _ in languages if pattern.search(text)]
        if len(named) == 1:
            return named[0]
    return None


def _copy_scales(apps, generic, languages):
    GradingScale = apps.get_model("indicators", "GradingScale")
    for scale in GradingScale.objects.filter(subject=generic):
        for language in languages:
            GradingScale.objects.get_or_create(
                year=scale.year,
                subject=language,
                grade=scale.grade,
                defaults={
                    "min3": scale.min3,
                    "min4": scale.min4,
                    "min5": scale.min5,
                    "max_score": scale.max_score,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0004_fill_subject_datives"),
        ("indicators", "0001_results"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
