"""The migration that gives English, German and French subjects of their own, run on a database
as it was before: one «Иностранный язык» with the languages among its spellings."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from curriculum.models import Subject
from indicators.models import GradingScale, ImportLog, ResultAggregate
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("curriculum.migrations.0005_foreign_languages")
LANGUAGES = ["Английский язык", "Немецкий язык", "Французский язык"]


@pytest.fixture
def generic():
    """The subjects as the earlier migrations left them."""
    Subject.objects.filter(name__in=LANGUAGES).delete()
    subject = Subject.objects.get(name="Иностранный язык")
    subject.other_names = "Английский язык\nНемецкий язык\nФранцузский язык\nИн. яз."
    subject.save()
    return subject


def stored(school, subject, log, grade=7):
    ResultAggregate.objects.create(
        school=school,
        year=2021,
        procedure="VPR",
        subject=subject,
        grade=grade,
        participants=10,
        import_log=log,
    )


def log(file_name, file_format="fisoko-vpr", **options):
    return ImportLog.objects.create(
        started_at=timezone.now(),
        file_name=file_name,
        file_format=file_format,
        options=options,
        status="ok",
    )


def test_the_languages_become_subjects_and_results_move_when_their_language_is_known(generic):
    schools = [SchoolFactory(code__code=f"sch22000{n}") for n in range(1, 6)]
    stored(schools[0], generic, log("Проведение работы по английскому языку, 7 класс.xlsx"))
    stored(schools[1], generic, log("protocol.xlsx", subject="Немецкий язык"))
    stored(schools[2], generic, log("vpr2020-g11-en.xlsx"), grade=11)
    # Nothing tells the language: a 2022 protocol whose textbooks told it, a summary table whose
    # name may not speak for its rows, a file naming two languages, a result without a log.
    stored(schools[3], generic, log("protocol.xlsx"))
    stored(schools[3], generic, log("ЕГЭ английский.csv", "summary"), grade=11)
    stored(schools[4], generic, log("английский и немецкий.xlsx"))
    stored(schools[4], generic, None, grade=11)
    GradingScale.objects.create(
        year=2021, subject=generic, grade=7, min3=13, min4=21, min5=27, max_score=30
    )

    migration.forwards(apps, None)

    english, german, french = (Subject.objects.get(name=name) for name in LANGUAGES)
    assert (english.slug, english.dative) == ("angliyskiy-yazyk", "английскому языку")
    assert (german.dative, french.dative) == ("немецкому языку", "французскому языку")
    assert "Иностранный язык (английский)" in english.other_names.splitlines()
    assert english.sort_order > generic.sort_order
    generic.refresh_from_db()
    assert generic.other_names == "Ин. яз."
    results = ResultAggregate.objects.values_list("school__codes__code", "subject__name", "grade")
    assert sorted(results) == [
        ("sch220001", "Английский язык", 7),
        ("sch220002", "Немецкий язык", 7),
        ("sch220003", "Английский язык", 11),
        ("sch220004", "Иностранный язык", 7),
        ("sch220004", "Иностранный язык", 11),
        ("sch220005", "Иностранный язык", 7),
        ("sch220005", "Иностранный язык", 11),
    ]
    scales = GradingScale.objects.values_list("subject__name", "min3", "min4", "min5", "max_score")
    assert sorted(scales) == sorted(
        (name, 13, 21, 27, 30) for name in ["Иностранный язык", *LANGUAGES]
    )


def test_a_language_an_editor_made_keeps_its_wording_and_its_results(generic):
    english = Subject.objects.create(
        name="Английский язык", slug="english", dative="англ. языку", other_names="Англ. яз."
    )
    school = SchoolFactory()
    stored(school, english, None)
    stored(school, generic, log("ВПР английский язык 7 класс.xlsx"))

    migration.forwards(apps, None)

    english.refresh_from_db()
    assert (english.slug, english.dative) == ("english", "англ. языку")
    assert english.other_names.splitlines()[:2] == ["Англ. яз.", "Иностранный язык (английский)"]
    # The language's own result stays; the one it would replace stays where it was.
    assert sorted(ResultAggregate.objects.values_list("subject__name", flat=True)) == [
        "Английский язык",
        "Иностранный язык",
    ]
