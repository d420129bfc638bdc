"""The ШНОР candidate list in the admin: stored results → candidates with evidence → status."""

import pandas as pd
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curriculum.models import Subject
from indicators.models import ResultAggregate
from indicators.results.queries import aggregates_frame, school_codes_with_status
from indicators.results.records import AGGREGATE_COLUMNS
from schools.models import SchoolStatus
from tests.factories import SchoolCodeFactory, SchoolFactory, SchoolStatusFactory

URL = "/admin/indicators/candidates/"


def result(school, year, procedure="VPR", subject="Математика", grade=4, **counts):
    return ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure=procedure,
        subject=Subject.objects.get(name=subject),
        grade=grade,
        participants=counts.pop("participants", 10),
        **counts,
    )


def failing(school, year=2023):
    """Rule A in two procedures of ``year``: 4 of 10 ВПР works on «2», 3 of 10 ОГЭ below the
    minimum in mathematics."""
    result(school, year, mark2=4, mean_score=8.0)
    result(school, year, "OGE", grade=9, below_minimum=3, mean_score=10.0)


def member(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def coordinator(db, django_user_model):
    return member(django_user_model, "coordinator", "Координаторы")


@pytest.fixture
def network(db):
    """Слабая meets rule A in 2023; Отстающая is below the region's mean in ВПР Russian, 5th
    grade, in 2021–2023 (rule B); Сильная meets neither."""
    weak = SchoolFactory(short_name="Слабая СОШ")
    lagging = SchoolFactory(short_name="Отстающая СОШ")
    strong = SchoolFactory(short_name="Сильная СОШ")
    failing(weak)
    result(strong, 2023, mark2=0, mean_score=15.0)
    result(strong, 2023, "OGE", grade=9, below_minimum=0, mean_score=20.0)
    for year in (2021, 2022, 2023):
        result(lagging, year, subject="Русский язык", grade=5, mark2=1, mean_score=20.0)
        result(strong, year, subject="Русский язык", grade=5, mark2=0, mean_score=30.0)
    return {"weak": weak, "lagging": lagging, "strong": strong}


def test_the_frame_has_one_code_per_school_whatever_its_logins(db):
    school = SchoolFactory()
    SchoolCodeFactory(school=school, code="edu470999")
    result(school, 2023, mark2=4, mean_score=None)
    result(school, 2022, mark2=1, mean_score=12.5)

    frame = aggregates_frame(year=2023)

    assert list(frame.columns) == AGGREGATE_COLUMNS
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row.school_code, row.year, row.procedure, row.subject, row.grade) == (
        str(school.pk),
        2023,
        "VPR",
        "Математика",
        4,
    )
    assert (row.school_name, row.municipality) == (school.short_name, school.municipality.name)
    assert (row.participants, row.mark2, row.mark5) == (10, 4, 0)
    assert pd.isna(row.mean_score)


def test_schools_with_a_status_of_a_school_year(db):
    shnor = SchoolStatusFactory(school_year=2023, status="shnor").school
    SchoolStatusFactory(school_year=2022, status="shnor")
    SchoolStatusFactory(school_year=2023, status="leader")

    assert school_codes_with_status(2023, "shnor") == {str(shnor.pk)}


def test_candidates_are_listed_with_their_evidence(client, coordinator, network):
    client.force_login(coordinator)

    page = client.get(URL).content.decode()

    assert "Кандидаты по результатам 2023 года" in page
    assert "на 2023/2024 учебный год" in page
    assert "Слабая СОШ" in page and "Отстающая СОШ" in page
    assert "Сильная СОШ" not in page
    assert "ВПР 2023, математика, 4 класс: 40 % работ на «2» (порог 30 %)" in page
    assert "ОГЭ 2023, математика, 9 класс: 30 % участников ниже минимального балла" in page
    assert "ВПР 2021, русский язык, 5 класс: средний балл 20 ниже среднего по региону 25" in page
    # The thresholds come from the settings and are shown.
    assert "по предметам: русский язык, математика — не менее 30 %" in page
    assert "последних 2 лет" in page and "последних 3 лет" in page
    assert "меньше 5 участников" in page


def test_the_thresholds_are_the_settings(client, coordinator, network, settings):
    settings.SHNOR_FAILING_SHARE = 0.45
    client.force_login(coordinator)

    page = client.get(URL).content.decode()

    assert "не менее 45 %" in page
    assert "Слабая СОШ" not in page and "Отстающая СОШ" in page


def test_an_earlier_year_can_be_chosen(client, coordinator, network):
    client.force_login(coordinator)

    page = client.get(URL, {"year": 2022}).content.decode()

    assert "Кандидаты по результатам 2022 года" in page
    assert "Слабая СОШ" not in page
    assert "ни одна школа не отвечает правилам" in page


def test_confirming_gives_the_status_once(client, coordinator, network):
    client.force_login(coordinator)
    weak = network["weak"]

    response = client.post(URL, {"year": 2023, "confirm": weak.pk}, follow=True)
    client.post(URL, {"year": 2023, "confirm": weak.pk})

    status = SchoolStatus.objects.get(school=weak)
    assert (status.school_year, status.status, status.created_by) == (2023, "shnor", coordinator)
    assert status.basis == (
        "Выявлена по правилу A: ОГЭ 2023, математика, 9 класс: 30 % участников ниже "
        "минимального балла (порог 30 %); ВПР 2023, математика, 4 класс: 40 % работ на «2» "
        "(порог 30 %)"
    )
    page = response.content.decode()
    assert "Статус ШНОР на 2023/2024 учебный год подтверждён: школ — 1." in page
    assert "Статус ШНОР подтверждён" in page
    assert "отмеченным школам" in page  # Отстающая is still to confirm.
    assert not SchoolStatus.objects.filter(school=network["lagging"]).exists()


def test_the_checked_schools_are_confirmed_together(client, coordinator, network):
    client.force_login(coordinator)
    SchoolStatusFactory(school=network["weak"], school_year=2023, status="shnor")
    chosen = [network["weak"].pk, network["lagging"].pk, network["strong"].pk]

    response = client.post(URL, {"year": 2023, "selected": chosen}, follow=True)

    assert "школ — 1, уже были со статусом — 1." in response.content.decode()
    assert SchoolStatus.objects.filter(status="shnor").count() == 2
    lagging = SchoolStatus.objects.get(school=network["lagging"])
    assert lagging.basis.startswith("Выявлена по правилу B: ВПР 2021, русский язык")
    # A school that no rule proposes is not confirmed, whatever was posted.
    assert not SchoolStatus.objects.filter(school=network["strong"]).exists()


def test_an_institute_editor_may_confirm(client, django_user_model, network):
    client.force_login(member(django_user_model, "editor", "Редакторы института"))

    assert client.get(URL).status_code == 200


def test_a_school_editor_may_not(client, django_user_model, network):
    school_editors = Group.objects.create(name="Редакторы школы")
    school_editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("school-editor", password="x")
    user.groups.add(school_editors)
    client.force_login(user)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"year": 2023, "confirm": network["weak"].pk}).status_code == 403
    assert not SchoolStatus.objects.exists()


def test_the_menu_shows_the_list_to_coordinators(client, coordinator):
    client.force_login(coordinator)

    assert "Кандидаты в ШНОР" in client.get(reverse("wagtailadmin_home")).content.decode(
        "unicode_escape"
    )


def test_the_queries_do_not_grow_with_the_schools(client, coordinator):
    client.force_login(coordinator)

    def queries(schools):
        for _ in range(schools):
            failing(SchoolFactory())
        with CaptureQueriesContext(connection) as captured:
            page = client.get(URL).content.decode()
        assert (
            page.count("Подтвердить статус ШНОР</button>")
            == ResultAggregate.objects.values("school").distinct().count()
        )
        return len(captured)

    assert queries(5) == queries(25)


def test_a_long_basis_is_shortened_and_the_note_keeps_all(client, coordinator):
    client.force_login(coordinator)
    school = SchoolFactory()
    for grade in (4, 5, 6, 7, 8):
        result(school, 2023, grade=grade, mark2=5)
    result(school, 2023, "OGE", grade=9, below_minimum=5)

    client.post(URL, {"year": 2023, "confirm": school.pk})

    status = SchoolStatus.objects.get(school=school)
    assert len(status.basis) == 200 and status.basis.endswith("…")
    assert status.note.count("Правило A: ") == 6
