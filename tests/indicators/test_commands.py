"""``manage.py import_results`` and ``export_results`` on small summary tables written here."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from curriculum.models import Subject
from indicators.importing.summary import HEADERS
from indicators.models import GradingScale, ImportLog, ResultAggregate
from schools.models import School, SchoolCode
from site_cms import page_cache
from tests.factories import MunicipalityFactory, SchoolCodeFactory, SchoolFactory
from tests.indicators.fixtures import SAMPLE_SCALE, write_2021

HEADER = [header for key, header in HEADERS.items() if key != "high_results"]


def summary_rows(*codes, participants=20, year=2023):
    """One ОГЭ mathematics row per code: 20 pupils with marks 2/3/4/5 = 2/8/6/4."""
    return [
        [code, f"Школа {code}", "Центральный район", year, "ОГЭ", "Математика", 9]
        + [participants, 2, 8, 6, 4, "3,6", 2, 1, 17, 2]
        for code in codes
    ]


def write_summary(path, rows, *, delimiter=";"):
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def run(command, *args):
    """Run the command; return stdout, or raise CommandError with stderr attached."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        error.stderr = err.getvalue()
        raise
    return out.getvalue()


def import_summary(*args):
    return run("import_results", *args, "--format", "summary")


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Центральный район")


@pytest.fixture
def schools(municipality):
    """Two registry schools: sch470001 and sch470002."""
    return [
        SchoolFactory(municipality=municipality, code__code=f"sch47000{number}")
        for number in (1, 2)
    ]


def test_import_saves_the_aggregates_and_logs_the_run(schools, tmp_path):
    path = write_summary(tmp_path / "oge.csv", summary_rows("sch470001", "sch470002"))

    out = import_summary(path)

    assert "Прочитано результатов школ: 2; добавлено: 2, заменено: 0" in out
    result = ResultAggregate.objects.get(school=schools[0])
    assert (result.year, result.procedure, result.subject.name, result.grade) == (
        2023,
        "OGE",
        "Математика",
        9,
    )
    assert (result.participants, result.mark2, result.mark5, result.confirmed) == (20, 2, 4, 17)
    assert result.mean_score == pytest.approx(3.6)
    log = ImportLog.objects.get()
    assert (log.status, log.file_format, log.file_name) == ("ok", "summary", "oge.csv")
    assert (log.rows_read, log.created, log.updated) == (2, 2, 0)
    assert len(log.checksum) == 64
    assert result.import_log == log


def test_a_summary_table_is_told_from_a_protocol_by_its_headers(schools, tmp_path):
    path = write_summary(tmp_path / "oge.csv", summary_rows("sch470001"))

    out = run("import_results", path)

    assert "oge.csv: сводная таблица результатов школ." in out
    assert ResultAggregate.objects.count() == 1


def test_reimport_replaces_and_never_doubles(schools, tmp_path):
    path = write_summary(tmp_path / "oge.csv", summary_rows("sch470001", "sch470002"))
    import_summary(path)
    rows = summary_rows("sch470001", "sch470002", participants=25)
    write_summary(path, rows)

    out = import_summary(path)

    assert "добавлено: 0, заменено: 2" in out
    assert ResultAggregate.objects.count() == 2
    assert set(ResultAggregate.objects.values_list("participants", flat=True)) == {25}
    assert ImportLog.objects.count() == 2


def test_a_saved_import_refreshes_cached_pages_and_a_dry_run_does_not(schools, tmp_path):
    path = write_summary(tmp_path / "oge.csv", summary_rows("sch470001"))
    before = page_cache.current_generation()
    import_summary(path, "--dry-run")
    assert page_cache.current_generation() == before
    import_summary(path)
    assert page_cache.current_generation() > before


def test_edu_login_finds_the_school_registered_as_sch(schools, tmp_path):
    path = write_summary(tmp_path / "oge.csv", summary_rows("edu470001"))

    import_summary(path)

    assert ResultAggregate.objects.get().school == schools[0]


def test_dry_run_saves_nothing_but_the_log(schools, tmp_path):
    path = write_summary(tmp_path / "oge.csv", summary_rows("sch470001"))

    out = import_summary(path, "--dry-run")

    assert "будет добавлено: 1" in out
    assert "ничего не сохранено" in out
    assert not ResultAggregate.objects.exists()
    assert ImportLog.objects.get().status == "checked"


def test_unknown_school_is_refused_naming_its_code(schools, tmp_path):
    path = write_summary(tmp_path / "oge.csv", summary_rows("sch470001", "sch479999"))

    with pytest.raises(CommandError, match="Ничего не сохранено"):
        import_summary(path)

    assert not ResultAggregate.objects.exists()
    log = ImportLog.objects.get()
    assert log.status == "refused"
    assert log.unknown_codes == "sch479999"
    assert "Школы с кодом sch479999 («Школа sch479999», Центральный район) нет в реестре" in (
        log.problems
    )


def test_unknown_school_is_added_with_the_option(schools, tmp_path):
    path = write_summary(tmp_path / "oge.csv", summary_rows("sch470001", "edu479999"))

    out = import_summary(path, "--create-missing-schools")

    assert "Неизвестные коды школ (1): edu479999" in out
    assert "Школ добавлено в реестр: 1" in out
    school = SchoolCode.objects.get(code="edu479999").school
    assert (school.short_name, school.municipality) == ("Школа edu479999", schools[0].municipality)
    assert ResultAggregate.objects.filter(school=school).count() == 1


def test_unknown_school_of_an_unknown_municipality_cannot_be_added(schools, tmp_path):
    rows = summary_rows("sch479999")
    rows[0][2] = "Несуществующий район"
    path = write_summary(tmp_path / "oge.csv", rows)

    with pytest.raises(CommandError) as refused:
        import_summary(path, "--create-missing-schools")

    assert "муниципалитет «Несуществующий район» не найден в реестре" in refused.value.stderr
    assert not School.objects.filter(codes__code="sch479999").exists()


def test_broken_file_leaves_the_database_as_it_was(schools, tmp_path):
    path = write_summary(tmp_path / "oge.csv", summary_rows("sch470001", "sch470002"))
    import_summary(path)
    rows = summary_rows("sch470001", "sch470002", participants=30)
    rows[1][8] = "много"
    write_summary(path, rows)

    with pytest.raises(CommandError) as refused:
        import_summary(path)

    assert "Строка 3:" in refused.value.stderr
    assert set(ResultAggregate.objects.values_list("participants", flat=True)) == {20}


def test_a_refused_file_refuses_the_whole_run(schools, tmp_path):
    good = write_summary(tmp_path / "good.csv", summary_rows("sch470001"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")

    with pytest.raises(CommandError):
        import_summary(good, bad)

    assert not ResultAggregate.objects.exists()
    logs = dict(ImportLog.objects.values_list("file_name", "problems"))
    assert logs["bad.csv"] == "Файл пуст."
    assert "в других файлах этого импорта есть ошибки" in logs["good.csv"]


def test_rows_without_participants_are_skipped(schools, tmp_path):
    rows = summary_rows("sch470001") + summary_rows("sch470002", participants=0)
    rows[1][8:12] = [0, 0, 0, 0]
    rows[1][13:17] = [0, 0, 0, 0]
    path = write_summary(tmp_path / "oge.csv", rows)

    out = import_summary(path)

    assert "пропущено (нет участников): 1" in out
    assert ResultAggregate.objects.get().school == schools[0]


def test_one_school_under_two_logins_in_one_file_is_refused(schools, tmp_path):
    SchoolCodeFactory(school=schools[0], code="ksh470009")
    path = write_summary(tmp_path / "oge.csv", summary_rows("sch470001", "ksh470009"))

    with pytest.raises(CommandError) as refused:
        import_summary(path)

    assert "Коды ksh470009, sch470001 означают одну школу реестра" in refused.value.stderr


def test_options_override_the_file(schools, tmp_path):
    path = write_summary(tmp_path / "oge.csv", summary_rows("sch470001"))

    import_summary(path, "--year", "2024", "--subject", "Русский язык")

    result = ResultAggregate.objects.get()
    assert (result.year, result.subject.name) == (2024, "Русский язык")


def test_a_bad_scale_option_is_refused(tmp_path):
    with pytest.raises(CommandError, match="пороги отметок должны возрастать"):
        import_summary(tmp_path / "any.xlsx", "--scale", "10,6,14")


@pytest.fixture
def stored(schools, tmp_path):
    rows = summary_rows("sch470001", "sch470002")
    rows[1][12] = "4,125"
    import_summary(write_summary(tmp_path / "oge.csv", rows))
    import_summary(write_summary(tmp_path / "old.csv", summary_rows("sch470001", year=2022)))
    return schools


def test_export_csv_has_one_row_per_school_result(stored):
    out = run("export_results", "--format", "csv", "--year", "2023")

    # The byte order mark lets Excel read the UTF-8.
    assert out.startswith("\ufeffschool_code,")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert list(rows[0]) == [
        "school_code",
        "school",
        "municipality",
        "year",
        "procedure",
        "subject",
        "grade",
        "participants",
        "mark2",
        "mark3",
        "mark4",
        "mark5",
        "mean_score",
        "below_minimum",
        "lowered",
        "confirmed",
        "raised",
        "few_participants",
    ]
    assert [row["school_code"] for row in rows] == ["sch470001", "sch470002"]
    assert rows[1] == {
        "school_code": "sch470002",
        "school": stored[1].short_name,
        "municipality": "Центральный район",
        "year": "2023",
        "procedure": "OGE",
        "subject": "Математика",
        "grade": "9",
        "participants": "20",
        "mark2": "2",
        "mark3": "8",
        "mark4": "6",
        "mark5": "4",
        "mean_score": "4.12",
        "below_minimum": "2",
        # ОГЭ marks are not compared with the journal: such counts are left empty.
        "lowered": "",
        "confirmed": "",
        "raised": "",
        "few_participants": "false",
    }


def test_export_json_filters_and_keeps_numbers(stored):
    out = run("export_results", "--format", "json", "--procedure", "OGE", "--subject", "математика")

    rows = json.loads(out)
    assert [(row["school_code"], row["year"]) for row in rows] == [
        ("sch470001", 2022),
        ("sch470001", 2023),
        ("sch470002", 2023),
    ]
    assert rows[0]["mean_score"] == 3.6
    assert rows[0]["participants"] == 20
    assert json.loads(run("export_results", "--format", "json", "--grade", "4")) == []


def test_export_refuses_an_unknown_subject(db):
    with pytest.raises(CommandError, match="Предмет «Астрономия» не найден"):
        run("export_results", "--format", "csv", "--subject", "Астрономия")


def test_a_vpr_protocol_imports_with_the_stored_scale(db, tmp_path):
    altai = MunicipalityFactory(name="Алейский район")
    first = SchoolFactory(municipality=altai, code__code="sch220001")
    SchoolFactory(municipality=altai, code__code="edu220002")
    SchoolFactory(municipality=altai, code__code="sch220003")
    min3, min4, min5, max_score = SAMPLE_SCALE
    GradingScale.objects.create(
        year=2021,
        subject=Subject.objects.get(name="Математика"),
        grade=4,
        min3=min3,
        min4=min4,
        min5=min5,
        max_score=max_score,
    )
    path = write_2021(tmp_path / "vpr2021-g4-math.xlsx")

    out = run("import_results", path)

    assert "vpr2021-g4-math.xlsx: протокол ВПР ФИС ОКО." in out
    # The third school's pupils were all absent.
    assert "пропущено (нет участников): 1" in out
    result = ResultAggregate.objects.get(school=first)
    # Scores 14, 9, 5, 10.5 and 20 under the scale 6/10/14: marks 5, 3, 2, 4, 5; journal marks
    # 4, 3, none, 5, none.
    assert (result.year, result.procedure, result.subject.name, result.grade) == (
        2021,
        "VPR",
        "Математика",
        4,
    )
    assert (result.participants, result.mark2, result.mark3, result.mark4, result.mark5) == (
        5,
        1,
        1,
        1,
        2,
    )
    assert (result.lowered, result.confirmed, result.raised) == (1, 1, 1)
    assert result.mean_score == pytest.approx(11.7)
    assert ResultAggregate.objects.count() == 2


def test_a_vpr_protocol_without_a_scale_is_refused_naming_it(db, tmp_path):
    SchoolFactory(code__code="sch220001")
    path = write_2021(tmp_path / "vpr2021-g4-math.xlsx")

    with pytest.raises(CommandError) as refused:
        run("import_results", path)

    assert "Нет шкалы перевода баллов для ВПР 2021, Математика, 4 класс" in refused.value.stderr
    assert not ResultAggregate.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(db, tmp_path):
    path = tmp_path / "results.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")

    with pytest.raises(CommandError) as refused:
        run("import_results", path, "--scale", "6,10,14")

    assert refused.value.stderr.strip()
    assert ImportLog.objects.get().status == "refused"
