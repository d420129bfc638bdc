"""The import service with ВПР protocols: grading scales, school matching, the log, the models.

The protocol reader is replaced here by a fake that returns aggregates as the contract
(``indicators.results.records``) describes them and records the scale it was given; the reader's own
tests (test_fisoko.py) read real-format files.
"""

import hashlib

import pandas as pd
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from indicators.importing import service
from indicators.importing.filenames import describe
from indicators.importing.schools import find_schools, subject_index
from indicators.models import GradingScale, ImportLog, ResultAggregate
from indicators.results.records import AGGREGATE_COLUMNS
from indicators.rules.grading import Scale
from schools.importing.cells import name_key
from tests.factories import MunicipalityFactory, SchoolCodeFactory, SchoolFactory

PROTOCOL = "Проведение работы по математике, 4 класс. ВПР 2021.xlsx"


def aggregates(*codes, participants=10):
    return pd.DataFrame(
        [
            {
                "school_code": code,
                "year": 2021,
                "procedure": "VPR",
                "subject": "Математика",
                "grade": 4,
                "school_name": f"Школа {code}",
                "municipality": "Алейский район",
                "participants": participants,
                "mark2": 1,
                "mark3": 3,
                "mark4": 4,
                "mark5": 2,
                "below_minimum": 1,
                "high_results": 0,
                "lowered": 2,
                "confirmed": 7,
                "raised": 1,
                "mean_score": 11.5,
            }
            for code in codes
        ],
        columns=AGGREGATE_COLUMNS,
    )


@pytest.fixture
def fake_reader(monkeypatch):
    """Every file is a protocol; the reader returns ``fake_reader.table`` and keeps its options.

    Like the real reader it takes the year, subject and grade from the options or the file's
    name and asks a scale lookup for the scale of those.
    """

    class Reader:
        table = aggregates("sch220001")
        problems = []
        calls = []

        def __call__(self, path, *, year=None, subject=None, grade=None, scale, task_maxima=None):
            named = describe(path)
            year, subject, grade = (
                year or named["year"],
                subject or named["subject"],
                grade or named["grade"],
            )
            if callable(scale):
                scale = scale(year, subject, grade)
            self.calls.append({"year": year, "subject": subject, "grade": grade, "scale": scale})
            return self.table, self.problems, {}

    reader = Reader()
    monkeypatch.setattr(service, "is_protocol", lambda path: True)
    monkeypatch.setattr(service, "read_vpr", reader)
    return reader


@pytest.fixture
def protocol(tmp_path):
    path = tmp_path / PROTOCOL
    path.write_bytes(b"protocol")
    return path


@pytest.fixture
def school(db):
    return SchoolFactory(
        municipality=MunicipalityFactory(name="Алейский район"), code__code="sch220001"
    )


@pytest.fixture
def math_scale(db):
    return GradingScale.objects.create(
        year=2021,
        subject_id=subject_index()[name_key("Математика")],
        grade=4,
        min3=6,
        min4=10,
        min5=14,
        max_score=20,
    )


def test_the_stored_scale_of_the_year_subject_and_grade_is_used(
    fake_reader, protocol, school, math_scale
):
    report = service.import_results([protocol])

    assert not report.refused
    assert fake_reader.calls == [
        {"year": 2021, "subject": "Математика", "grade": 4, "scale": Scale(6, 10, 14, 20)}
    ]
    result = ResultAggregate.objects.get()
    assert (result.school, result.procedure, result.year, result.grade) == (school, "VPR", 2021, 4)
    assert (result.mark2, result.lowered, result.confirmed, result.raised) == (1, 2, 7, 1)


def test_a_missing_scale_is_refused_naming_it(fake_reader, protocol, school):
    report = service.import_results([protocol])

    assert report.refused
    assert [str(problem) for problem in report.problems] == [
        "Нет шкалы перевода баллов для ВПР 2021, Математика, 4 класс: добавьте её в разделе "
        "«Показатели → Шкалы перевода баллов ВПР» или задайте шкалу при импорте."
    ]
    assert fake_reader.calls == []
    assert not ResultAggregate.objects.exists()
    assert ImportLog.objects.get().status == "refused"


def test_a_given_scale_needs_no_stored_one(fake_reader, protocol, school):
    report = service.import_results([protocol], scale=(5, 9, 13))

    assert not report.refused
    assert fake_reader.calls[0]["scale"] == Scale(5, 9, 13)


def test_options_name_the_scale_and_reach_the_reader(fake_reader, protocol, school, db):
    GradingScale.objects.create(
        year=2022,
        subject_id=subject_index()[name_key("Русский язык")],
        grade=5,
        min3=14,
        min4=24,
        min5=33,
        max_score=38,
    )

    service.import_results([protocol], year=2022, subject="русский язык", grade=5)

    assert fake_reader.calls[0] == {
        "year": 2022,
        "subject": "русский язык",
        "grade": 5,
        "scale": Scale(14, 24, 33, 38),
    }


def test_a_protocol_is_not_another_procedure(fake_reader, protocol, school):
    report = service.import_results([protocol], procedure="OGE", scale=(5, 9, 13))

    assert "результаты ВПР" in str(report.problems[0])


def test_reader_problems_refuse_the_file(fake_reader, protocol, school):
    fake_reader.problems = [service.Problem(7, "в столбце «sum» балл 25 больше максимального")]

    report = service.import_results([protocol], scale=(5, 9, 13))

    assert report.refused
    assert ImportLog.objects.get().problems == (
        "Строка 7: в столбце «sum» балл 25 больше максимального"
    )
    assert not ResultAggregate.objects.exists()


def test_an_unknown_subject_is_refused(fake_reader, protocol, school):
    fake_reader.table = aggregates("sch220001").assign(subject="Астрономия")

    report = service.import_results([protocol], scale=(5, 9, 13))

    assert [problem.message for problem in report.problems] == [
        "Предмет «Астрономия» не найден в справочнике учебных предметов."
    ]


def test_the_log_keeps_who_when_what_and_the_checksum(
    fake_reader, protocol, school, django_user_model
):
    user = django_user_model.objects.create_user("coordinator")

    service.import_results([protocol], scale=(5, 9, 13), user=user)

    log = ImportLog.objects.get()
    assert log.user == user
    assert log.started_at <= log.finished_at
    assert log.file_name == PROTOCOL
    assert log.checksum == hashlib.sha256(b"protocol").hexdigest()
    assert log.options == {"format": "auto", "scale": [5, 9, 13]}
    assert (log.file_format, log.rows_read, log.created) == ("fisoko-vpr", 1, 1)


def test_a_file_that_is_not_there_is_refused(db, tmp_path):
    report = service.import_results([tmp_path / "нет.csv"])

    assert str(report.problems[0]) == f"Файл {tmp_path / 'нет.csv'} не найден."
    assert ImportLog.objects.get().checksum == ""


def test_find_schools_by_code_and_by_the_shared_number(db):
    sch = SchoolFactory(code__code="sch220001")
    ksh = SchoolFactory(code__code="ksh220002")

    found = find_schools(["SCH220001", "edu220001", "edu220002", "ksh220002", "x"])

    assert found == {"SCH220001": sch.pk, "edu220001": sch.pk, "ksh220002": ksh.pk}


def test_a_code_the_registry_has_wins_over_a_shared_number(db):
    first = SchoolFactory(code__code="sch220001")
    second = SchoolFactory(code__code="edu220001")
    SchoolCodeFactory(school=first, code="sch220009")

    assert find_schools(["edu220001"]) == {"edu220001": second.pk}


def test_one_result_per_school_year_procedure_subject_and_grade(fake_reader, protocol, school):
    service.import_results([protocol], scale=(5, 9, 13))
    result = ResultAggregate.objects.get()
    result.pk = None

    with pytest.raises(IntegrityError):
        result.save()


def test_a_scale_must_increase(db):
    scale = GradingScale(
        year=2021,
        subject_id=subject_index()[name_key("Математика")],
        grade=4,
        min3=10,
        min4=6,
        min5=14,
        max_score=20,
    )

    with pytest.raises(ValidationError, match="Баллы должны возрастать"):
        scale.full_clean()


@pytest.fixture
def coordinator(db, django_user_model):
    user = django_user_model.objects.create_user("coordinator-admin", password="x")
    user.groups.add(Group.objects.get(name="Координаторы"))
    return user


def test_a_coordinator_adds_a_scale_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    math = subject_index()[name_key("Математика")]
    form = {"year": 2021, "subject": math, "grade": 4, "min3": 6, "min4": 10, "min5": 14}

    response = client.post(reverse("gradingscale:add"), {**form, "max_score": 20})

    assert response.status_code == 302
    assert str(GradingScale.objects.get()) == "ВПР 2021, Математика, 4 класс"
    response = client.post(reverse("gradingscale:add"), {**form, "grade": 5, "max_score": 12})
    assert "Баллы должны возрастать" in response.content.decode()


def test_the_import_log_and_results_are_read_only(
    client, coordinator, fake_reader, protocol, school
):
    service.import_results([protocol], scale=(5, 9, 13), user=coordinator)
    client.force_login(coordinator)
    log = ImportLog.objects.get()

    listing = client.get(reverse("importlog:index")).content.decode()
    assert PROTOCOL in listing
    assert client.get(reverse("importlog:inspect", args=[log.pk])).status_code == 200
    assert client.get(reverse("resultaggregate:index")).status_code == 200
    assert client.get(reverse("importlog:add")).status_code in (302, 403)
    assert client.get(reverse("resultaggregate:edit", args=[1])).status_code in (302, 403)


def test_a_scale_given_out_of_order_is_refused(fake_reader, protocol, school):
    report = service.import_results([protocol], scale=(10, 6, 14))

    assert "пороги отметок должны возрастать" in report.problems[0].message


def test_a_coordinator_imports_through_the_preview(client, coordinator, tmp_path, school):
    client.force_login(coordinator)
    path = tmp_path / "oge.csv"
    path.write_text(
        "Код школы;Год;Процедура;Предмет;Участников;Отметка 2;Отметка 3;Отметка 4;Отметка 5\n"
        "edu220001;2023;ОГЭ;Математика;20;2;8;6;4\n",
        encoding="utf-8",
    )
    assert "Импорт результатов" in client.get(reverse("importlog:index")).content.decode()

    with open(path, "rb") as upload:
        preview = client.post(reverse("indicators_import"), {"file": upload}).content.decode()

    assert "Будет добавлено результатов: <b>1</b>" in preview
    assert not ResultAggregate.objects.exists()
    token = client.session["indicators_results_import"]["token"]
    done = client.post(reverse("indicators_import_confirm"), {"token": token}).content.decode()
    assert "Добавлено результатов: <b>1</b>" in done
    result = ResultAggregate.objects.get()
    assert (result.school, result.grade, result.mark5) == (school, 9, 4)
    assert list(ImportLog.objects.values_list("status", "user")) == [
        ("ok", coordinator.pk),
        ("checked", coordinator.pk),
    ]


def test_a_refused_upload_shows_its_problems(client, coordinator, tmp_path, db):
    client.force_login(coordinator)
    path = tmp_path / "oge.csv"
    path.write_text("Код школы;Год\nsch1;2023\n", encoding="utf-8")

    with open(path, "rb") as upload:
        preview = client.post(reverse("indicators_import"), {"file": upload}).content.decode()

    assert "Файл не импортирован, ничего не сохранено" in preview
    assert "indicators_results_import" not in client.session


def test_only_those_who_may_import_see_the_upload(client, django_user_model, db):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Редакторы института"))
    client.force_login(editor)

    assert client.get(reverse("indicators_import")).status_code == 403
