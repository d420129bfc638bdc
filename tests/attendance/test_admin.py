"""Marking attendance in the admin: the checkbox list, the platform report's import (all or
nothing, row-numbered reasons), and only the event's own editors."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from attendance.models import Attendance, Certificate

from .conftest import make_editor


def list_url(event):
    return f"/admin/attendance/{event.pk}/"


def import_url(event):
    return f"/admin/attendance/{event.pk}/import/"


def csv_file(text, name="report.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def present_names(event):
    return sorted(
        Attendance.objects.filter(registration__event=event).values_list(
            "registration__name", flat=True
        )
    )


def test_the_list_shows_confirmed_registrations_only(client, event, registrations, editor):
    client.force_login(editor)
    response = client.get(list_url(event))
    assert response.status_code == 200
    assert "Иванова Мария Петровна" in response.text
    assert "Неподтверждённый Участник" not in response.text
    assert "Подтверждённых регистраций: <b>3</b>" in response.text


def test_checkboxes_mark_issue_certificates_and_e_mail_them(client, event, registrations, editor):
    client.force_login(editor)
    ivanova, petrov, _ = registrations
    response = client.post(list_url(event), {"present": [ivanova.pk, petrov.pk]}, follow=True)
    assert "отмечено присутствующими: 2" in response.text
    assert "выдано сертификатов: 2" in response.text
    assert present_names(event) == ["Иванова Мария Петровна", "Петров Олег Ильич"]
    assert Certificate.objects.filter(event=event).count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ivanova@school.example",
        "petrov@school.example",
    ]
    # Saving again without Petrov revokes his certificate; Ivanova is not e-mailed twice.
    client.post(list_url(event), {"present": [ivanova.pk]})
    assert present_names(event) == ["Иванова Мария Петровна"]
    assert list(Certificate.objects.values_list("participant", flat=True)) == [
        "Иванова Мария Петровна"
    ]
    assert len(mail.outbox) == 2


def test_a_registration_of_another_event_is_not_marked(
    client, event, other_event, registrations, editor
):
    from events.models import Registration

    stranger = Registration.objects.create(
        event=other_event, name="Чужой", email="c@example.org", role="учитель", status="confirmed"
    )
    client.force_login(editor)
    client.post(list_url(event), {"present": [stranger.pk, registrations[0].pk]})
    assert not Attendance.objects.filter(registration=stranger).exists()
    assert present_names(event) == ["Иванова Мария Петровна"]


@pytest.mark.parametrize("path", ["", "import/", "feedback/", "feedback.xlsx"])
def test_another_events_editor_is_refused(client, event, other_event, registrations, path):
    client.force_login(make_editor("someone-else", other_event))
    url = f"/admin/attendance/{event.pk}/{path}"
    assert client.get(url).status_code == 403
    assert client.post(url, {"present": [registrations[0].pk]}).status_code == 403
    assert not Attendance.objects.exists()


def test_the_event_page_in_the_admin_has_the_buttons(client, event, editor):
    client.force_login(editor)
    response = client.get(f"/admin/pages/{event.pk}/edit/")
    assert list_url(event) in response.text
    assert f"/admin/attendance/{event.pk}/feedback/" in response.text


def test_import_of_a_platform_report_marks_by_e_mail_or_name_and_adds_minutes(
    client, event, registrations, editor
):
    report = (
        "Участник;E-mail;Время присутствия (мин.)\n"
        "Иванова М.;IVANOVA@school.example;40\n"
        "Иванова М.;ivanova@school.example;1:05:30\n"  # she reconnected
        "Петров  Олёг Ильич;;95\n"
        ";;\n"
    )
    client.force_login(editor)
    response = client.post(
        import_url(event), {"file": csv_file(report, encoding="cp1251")}, follow=True
    )
    assert "в нём 2 участника" in response.text
    minutes = dict(Attendance.objects.values_list("registration__email", "minutes"))
    assert minutes == {"ivanova@school.example": 106, "petrov@school.example": 95}
    assert set(Attendance.objects.values_list("source", flat=True)) == {"import"}


def test_a_bad_report_saves_nothing_and_names_its_rows(client, event, registrations, editor):
    report = (
        "ФИО,Email,Минуты\n"
        "Иванова Мария Петровна,ivanova@school.example,30\n"
        "Кто-то,nobody@example.org,15\n"
        '=HYPERLINK("http://evil"),,10\n'
        "Петров Олег Ильич,,полчаса\n"
    )
    client.force_login(editor)
    response = client.post(import_url(event), {"file": csv_file(report)})
    assert response.status_code == 200
    assert "ничего не сохранено" in response.text
    assert "Строка 3: адреса «nobody@example.org» нет среди подтверждённых" in response.text
    assert "Строка 4: участника «=HYPERLINK(&quot;http://evil&quot;)» нет среди" in response.text
    assert "Строка 5: «полчаса» — не число минут" in response.text
    assert not Attendance.objects.exists()
    assert mail.outbox == []


def test_a_report_without_a_column_to_match_by_is_refused(client, event, registrations, editor):
    client.force_login(editor)
    response = client.post(import_url(event), {"file": csv_file("Минуты;Город\n5;Смоленск\n")})
    assert "Строка 1: нет столбца «Электронная почта»" in response.text
    assert not Attendance.objects.exists()


def test_an_xlsx_report_is_read_too(client, event, registrations, editor):
    workbook = Workbook()
    workbook.active.append(["Электронная почта", "Длительность"])
    workbook.active.append(["sidorova@school.example", 50])
    data = io.BytesIO()
    workbook.save(data)
    client.force_login(editor)
    upload = SimpleUploadedFile("report.xlsx", data.getvalue())
    client.post(import_url(event), {"file": upload})
    assert present_names(event) == ["Сидорова Анна Сергеевна"]


def test_the_list_reads_in_a_bounded_number_of_queries(
    client, event, registrations, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    client.post(list_url(event), {"present": [r.pk for r in registrations]})
    with django_assert_max_num_queries(16):  # as many for any number of participants
        response = client.get(list_url(event))
    assert response.text.count("checked") == 3
