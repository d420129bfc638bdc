"""ВПР, ОГЭ and ЕГЭ in English, German and French are separate works: each language is a subject
of its own, and importing one never touches another (through ``manage.py import_results``)."""

import csv

import pytest
from django.core.management import CommandError

from indicators.models import ResultAggregate
from tests.factories import MunicipalityFactory, SchoolFactory
from tests.indicators.fixtures import Pupil, classes_2022, write_2021, write_2022
from tests.indicators.test_commands import run

SCALE = ("--scale", "6,10,14")
# Two schools wrote English; the first of them wrote German as well.
ENGLISH = [
    Pupil("220001", "1", "14", "4"),
    Pupil("220001", "2", "9", "3"),
    Pupil("220001", "1", "5", "3"),
    Pupil("220002", "1", "17", "5"),
    Pupil("220002", "2", "6", "3"),
]
GERMAN = [Pupil("220001", "1", "12", "4"), Pupil("220001", "2", "16", "5")]
ENGLISH_TEXTBOOK = (
    "en7.1 | 1.2.1.3.1.1 | Ваулина Ю.Е.,Дули Д. и др. Английский язык 7 класс "
    'АО "Издательство "Просвещение"'
)
# A code the importer does not know: the textbook's title names the language.
GERMAN_TEXTBOOK = (
    "in7.2 | 1.2.1.3.2.4 | Аверин М.М. и др. Немецкий язык. Второй иностранный язык 7 класс "
    'АО "Издательство "Просвещение"'
)


@pytest.fixture
def schools(db):
    altai = MunicipalityFactory(name="Алейский район")
    return [SchoolFactory(municipality=altai, code__code=f"sch22000{n}") for n in (1, 2)]


def stored():
    """{(school login, subject): participants} of every stored result."""
    rows = ResultAggregate.objects.values_list(
        "school__codes__code", "subject__name", "participants"
    )
    return {(code, subject): participants for code, subject, participants in rows}


def test_german_after_english_keeps_the_english_results(schools, tmp_path):
    english = tmp_path / "Проведение работы по английскому языку, 7 класс. ВПР 2021.xlsx"
    german = tmp_path / "ВПР 2021. Немецкий язык, 7 класс.xlsx"
    run("import_results", write_2021(english, ENGLISH), *SCALE)

    out = run("import_results", write_2021(german, GERMAN), *SCALE)

    assert "добавлено: 1, заменено: 0" in out
    assert stored() == {
        ("sch220001", "Английский язык"): 3,
        ("sch220002", "Английский язык"): 2,
        ("sch220001", "Немецкий язык"): 2,
    }


def test_the_2022_textbooks_tell_the_language_when_the_file_name_does_not(schools, tmp_path):
    for name, pupils, textbook in [
        ("protocol-1.xlsx", ENGLISH, ENGLISH_TEXTBOOK),
        ("protocol-2.xlsx", GERMAN, GERMAN_TEXTBOOK),
    ]:
        classes = classes_2022(sorted({pupil.school for pupil in pupils}), textbook=textbook)
        path = write_2022(tmp_path / name, pupils, classes=classes, class_name="7А")
        run("import_results", path, *SCALE)

    results = ResultAggregate.objects.values_list("subject__name", "year", "grade")
    assert set(results) == {("Английский язык", 2022, 7), ("Немецкий язык", 2022, 7)}
    assert stored()[("sch220001", "Английский язык")] == 3


def write_summary(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["Код школы", "Год", "Процедура", "Предмет", "Участников"])
        writer.writerows(rows)
    return path


def test_a_summary_table_may_name_the_language_its_own_way(schools, tmp_path):
    path = write_summary(
        tmp_path / "ege.csv",
        [
            ["sch220001", 2024, "ЕГЭ", "Иностранный язык (английский)", 5],
            ["sch220001", 2024, "ЕГЭ", "Немецкий язык", 3],
            ["sch220002", 2024, "ЕГЭ", "Английский язык", 4],
            ["sch220002", 2024, "ЕГЭ", "Иностранный язык: французский", 2],
        ],
    )

    run("import_results", path)

    assert stored() == {
        ("sch220001", "Английский язык"): 5,
        ("sch220001", "Немецкий язык"): 3,
        ("sch220002", "Английский язык"): 4,
        ("sch220002", "Французский язык"): 2,
    }


def test_a_foreign_language_without_the_language_is_refused(schools, tmp_path):
    protocol = write_2021(tmp_path / "ВПР 2021, иностранный язык, 7 класс.xlsx", ENGLISH)
    table = write_summary(tmp_path / "ege.csv", [["sch220001", 2024, "ЕГЭ", "Иностранный язык", 5]])

    for path, options in [(protocol, SCALE), (table, ())]:
        with pytest.raises(CommandError) as refused:
            run("import_results", path, *options)

        assert "Предмет «Иностранный язык» не говорит, какой это язык" in refused.value.stderr
    assert not ResultAggregate.objects.exists()
