"""The survey's admin import: a coordinator uploads, sees the preview or the row-numbered
reasons, and confirms; a school's editor cannot reach it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from support.models import FactorAssessment, RiskProfile
from support.survey_views import SESSION_KEY
from tests.roadmaps.conftest import xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "Логин ФИС ОКО",
    "Школа",
    "Дефицит педагогических кадров",
    "Языковой барьер: русский язык неродной",
]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)


def upload(client, rows, year=2025):
    file = SimpleUploadedFile("anketa.xlsx", xlsx_bytes(rows))
    return client.post("/admin/riskprofile/import/", {"file": file, "school_year": year})


def login(school):
    return school.codes.get().code


def test_preview_then_confirm(client, coordinator, own, other):
    client.force_login(coordinator)
    assert "Импорт анкеты" in client.get("/admin/riskprofile/").content.decode()

    response = upload(
        client, [HEADER, [login(own), "", "высокий", ""], [login(other), "", "", "средний"]]
    )

    text = response.content.decode()
    assert "Школ: <b>2</b>, факторов риска: <b>2</b>." in text
    assert "Языковой барьер: русский язык неродной: средний" in text
    assert not RiskProfile.objects.exists()  # nothing saved before the confirmation

    token = client.session[SESSION_KEY]["token"]
    response = client.post("/admin/riskprofile/import/confirm/", {"token": token})

    assert response.status_code == 302
    assert sorted(FactorAssessment.objects.values_list("profile__school__short_name", "level")) == [
        ("МОУ «Джатиевская ООШ»", "high"),
        ("МОУ «Запорожская ООШ»", "medium"),
    ]
    assert set(RiskProfile.objects.values_list("school_year", flat=True)) == {2025}
    revision = RiskProfile.objects.get(school=own).revisions.get()
    assert revision.user == coordinator


def test_a_bad_file_shows_row_numbers_and_cannot_be_confirmed(client, coordinator, own):
    client.force_login(coordinator)

    response = upload(client, [HEADER, [login(own), "", "очень высокий", ""]])

    text = response.content.decode()
    assert "Файл не импортирован, ничего не сохранено." in text
    assert "Строка 2: «Дефицит педагогических кадров» — уровень «очень высокий» неизвестен" in text
    assert SESSION_KEY not in client.session
    assert 'name="token"' not in text
    assert not RiskProfile.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(client, coordinator):
    client.force_login(coordinator)
    file = SimpleUploadedFile("anketa.xlsx", b"not a workbook")

    response = client.post("/admin/riskprofile/import/", {"file": file, "school_year": 2025})

    assert "это не таблица Excel или файл повреждён" in response.content.decode()


def test_a_school_editor_cannot_import(client, editor, own):
    client.force_login(editor)

    assert "Импорт анкеты" not in client.get("/admin/riskprofile/").content.decode()
    assert upload(client, [HEADER, [login(own), "", "низкий", ""]]).status_code == 403
    assert client.post("/admin/riskprofile/import/confirm/", {"token": "x" * 22}).status_code == 403
    assert not RiskProfile.objects.exists()
