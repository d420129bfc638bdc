"""The reminder and retention commands, run from cron: each run twice changes nothing more."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import reminders
from events.models import Registration

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)  # 15:00 МСК
JOIN = "https://vks.example.org/room-42"


@pytest.fixture(autouse=True)
def _frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def run(name):
    out = io.StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def register(event, email, status="confirmed", **fields):
    return Registration.objects.create(
        event=event, name="Иванова М. П.", email=email, role="учитель", status=status, **fields
    )


def test_reminders_the_day_before_and_the_hour_before_online_each_sent_once(
    make_event, monkeypatch
):
    online = make_event(
        "Вебинар", "2026-11-24 10:00", event_format="online", online_url=JOIN, slug="webinar"
    )
    in_person = make_event("Семинар", "2026-11-24 11:00", event_format="in-person")
    later = make_event("Через неделю", "2026-11-30 10:00")
    register(online, "a@example.org")
    register(online, "waiting@example.org", status="waiting")
    register(online, "pending@example.org", status="pending")
    register(in_person, "b@example.org")
    register(later, "c@example.org")

    assert run("send_event_reminders").strip() == "Отправлено напоминаний: 2"
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    day = next(message for message in mail.outbox if message.to == ["a@example.org"])
    assert day.subject == "Напоминание: Вебинар"
    assert day.body.startswith("Напоминаем о мероприятии")
    assert "24 ноября 2026, 10:00–12:00 МСК" in day.body
    assert JOIN in day.body
    assert run("send_event_reminders").strip() == "Отправлено напоминаний: 0"

    # 09:10 МСК next day: the hour reminder, for the online event only, once.
    monkeypatch.setattr(timezone, "now", lambda: NOW + datetime.timedelta(hours=18, minutes=10))
    assert run("send_event_reminders").strip() == "Отправлено напоминаний: 1"
    assert mail.outbox[-1].subject == "Начинается через час: Вебинар"
    assert f"Ссылка для подключения: {JOIN}" in mail.outbox[-1].body
    assert run("send_event_reminders").strip() == "Отправлено напоминаний: 0"
    assert len(mail.outbox) == 3


def test_a_series_is_reminded_before_each_of_its_sessions(make_event, monkeypatch):
    series = make_event(
        "Методический час",
        "2026-09-24 10:00",
        frequency="monthly",
        repeat_until=datetime.date(2027, 5, 31),
    )
    register(series, "a@example.org")
    assert run("send_event_reminders").strip() == "Отправлено напоминаний: 1"
    assert "24 ноября 2026" in mail.outbox[0].body
    monkeypatch.setattr(timezone, "now", lambda: NOW + datetime.timedelta(days=30))
    assert run("send_event_reminders").strip() == "Отправлено напоминаний: 1"
    assert "24 декабря 2026" in mail.outbox[1].body


def test_the_due_reminders_table():
    at = datetime.datetime(2026, 11, 24, 7, tzinfo=datetime.UTC)
    hours = datetime.timedelta(hours=1)
    assert reminders.due(at, at - 30 * hours, online=True) == []
    assert reminders.due(at, at - 24 * hours, online=True) == ["day"]
    assert reminders.due(at, at - 2 * hours, online=False) == ["day"]
    assert reminders.due(at, at - 2 * hours, online=False, sent_day_for=at) == []
    assert reminders.due(at, at - hours, online=True, sent_day_for=at) == ["hour"]
    assert reminders.due(at, at - hours, online=False, sent_day_for=at) == []
    assert reminders.due(at, at - hours, online=True, sent_hour_for=at) == []
    assert reminders.due(at, at, online=True) == []


def test_registrations_are_deleted_after_the_retention_period_and_stale_requests_too(
    make_event, settings
):
    settings.REGISTRATION_RETENTION_DAYS = 30
    old = make_event("Давний семинар", "2026-10-01 10:00")
    recent = make_event("Недавний семинар", "2026-11-01 10:00")
    coming = make_event("Будущий семинар", "2026-12-01 10:00")
    register(old, "old@example.org")
    register(recent, "recent@example.org")
    register(coming, "coming@example.org")
    stale = register(coming, "stale@example.org", status="pending")
    Registration.objects.filter(pk=stale.pk).update(
        created_at=NOW - datetime.timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS + 1)
    )
    register(coming, "fresh@example.org", status="pending")

    output = run("purge_registrations")
    assert output.strip() == ("Удалено регистраций: 1 после срока хранения, 1 неподтверждённых")
    assert sorted(Registration.objects.values_list("email", flat=True)) == [
        "coming@example.org",
        "fresh@example.org",
        "recent@example.org",
    ]
    assert run("purge_registrations").strip() == (
        "Удалено регистраций: 0 после срока хранения, 0 неподтверждённых"
    )


def test_reminder_queries_grow_only_by_one_claim_per_e_mail(
    make_event, django_assert_max_num_queries
):
    events = [make_event(f"Семинар {number}", "2026-11-24 10:00") for number in range(3)]
    for number in range(12):
        register(events[number % 3], f"t{number}@example.org")
    # Selecting (with the series' changes), then one claiming UPDATE per reminder sent.
    with django_assert_max_num_queries(2 + 12):
        assert run("send_event_reminders").strip() == "Отправлено напоминаний: 12"
    with django_assert_max_num_queries(2):
        assert run("send_event_reminders").strip() == "Отправлено напоминаний: 0"
