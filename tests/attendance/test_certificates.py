"""Certificates: issued to an ended event's attendees, typeset with their code, downloaded by
the private link from the e-mail, verified by code on a public page showing initials only."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from attendance import marking
from attendance.models import Certificate
from events.models import EventPage


@pytest.fixture
def issued(event, registrations):
    marking.mark(event, [registrations[0].pk, registrations[1].pk])
    return Certificate.objects.get(participant="Иванова Мария Петровна")


def private_link(address):
    message = next(message for message in mail.outbox if message.to == [address])
    return re.search(r"http://[^/\s]+(/uchastnik/[\w-]+/)", message.body).group(1)


def test_the_e_mail_leads_to_a_pdf_with_the_event_hours_and_code(client, event, issued):
    message = next(m for m in mail.outbox if m.to == ["ivanova@school.example"])
    assert message.subject == "Сертификат участника: Семинар о смысловом чтении"
    assert issued.code in message.body
    page = client.get(private_link("ivanova@school.example"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Скачать сертификат (PDF)" in page.text
    response = client.get(private_link("ivanova@school.example") + "sertifikat.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Сертификат участника" in text
    assert "Иванова Мария Петровна" in text
    assert "Семинар о смысловом чтении" in text
    assert "10 ноября 2026 г. · 3 ч" in text
    assert f"Код проверки: {issued.code}" in text


def test_the_public_check_verifies_a_code_with_initials_only(client, issued):
    response = Client().get(f"/sertifikat/{issued.code}/")
    assert response.status_code == 200
    assert f"Сертификат {issued.code} действителен" in response.text
    assert "И. М. П." in response.text
    assert "Иванова" not in response.text and "ivanova@" not in response.text
    assert "Семинар о смысловом чтении" in response.text
    assert "10 ноября 2026" in response.text
    # Typed in lower case, without the hyphen, with an O for a zero: the same certificate.
    typed = issued.code.replace("-", "").lower().replace("0", "o")
    assert client.get("/sertifikat/", {"kod": typed})["Location"] == f"/sertifikat/{issued.code}/"


def test_a_wrong_code_is_not_found(client, issued):
    assert client.get("/sertifikat/AAAA-BBBB/").status_code == 404
    typed = client.get("/sertifikat/", {"kod": "AB/../CD"})
    assert typed.status_code == 200 and "Код состоит из букв и цифр" in typed.text
    assert client.get("/uchastnik/not-a-token/").status_code == 404
    assert client.get("/uchastnik/not-a-token/sertifikat.pdf").status_code == 404


def test_a_revoked_certificate_stops_verifying(client, event, registrations, issued):
    assert client.get(f"/sertifikat/{issued.code}/").status_code == 200
    marking.mark(event, [registrations[1].pk])
    assert client.get(f"/sertifikat/{issued.code}/").status_code == 404


def test_issuing_again_issues_and_sends_nothing_new(event, registrations, issued):
    from attendance.certificates import issue

    assert issue(event) == 0
    assert Certificate.objects.count() == 2
    assert len(mail.outbox) == 2


def test_an_event_not_yet_ended_issues_none_until_it_ends(event, registrations):
    from attendance.certificates import issue

    event.start = timezone.now() + datetime.timedelta(days=1)
    event.end = event.start + datetime.timedelta(hours=2)
    event.save()
    marking.mark(event, [registrations[0].pk])
    assert not Certificate.objects.exists()
    assert issue(event, now=event.end + datetime.timedelta(minutes=1)) == 1


def test_the_certificate_survives_the_registrations_deletion(client, event, registrations, issued):
    registrations[0].delete()
    response = client.get(f"/sertifikat/{issued.code}/")
    assert response.status_code == 200
    assert "И. М. П." in response.text


def test_the_command_issues_what_an_event_ending_later_owes_once(event, registrations):
    event.start = timezone.now() - datetime.timedelta(hours=1)
    event.end = timezone.now() + datetime.timedelta(hours=1)
    event.save()
    marking.mark(event, [registrations[0].pk])
    out = io.StringIO()
    call_command("issue_certificates", stdout=out)
    assert out.getvalue() == "Выдано сертификатов: 0\n"
    EventPage.objects.filter(pk=event.pk).update(series_end=timezone.now())
    for expected in (1, 0):
        out = io.StringIO()
        call_command("issue_certificates", stdout=out)
        assert out.getvalue() == f"Выдано сертификатов: {expected}\n"
    assert [message.to for message in mail.outbox] == [["ivanova@school.example"]]
