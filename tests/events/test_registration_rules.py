"""What keeps the form lawful and hard to abuse: consent, rate limits, the honeypot, and the
join link kept for registered participants."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import timezone

from events.models import Registration, RegistrationStatus
from tests.factories import StandardPageFactory

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
URL = "/kalendar/seminar/"
JOIN = "https://vks.example.org/room-42"


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
        capacity=100,
        event_format="online",
        online_url=JOIN,
    )


def data(number=0, **changes):
    values = {
        "name": "Иванова Мария Петровна",
        "email": f"teacher{number}@school.example",
        "organisation": "МОУ СОШ № 5",
        "role": "учитель",
        "consent": "on",
    }
    values.update(changes)
    return values


def test_forty_rapid_registrations_from_one_client_take_at_most_the_limit(client, event, settings):
    statuses = [client.post(URL, data(number)).status_code for number in range(40)]
    assert Registration.objects.count() == settings.REGISTRATION_RATE_LIMIT == 5
    assert statuses.count(302) == 5
    assert statuses.count(429) == 35
    assert len(mail.outbox) == 5
    assert "Слишком много заявок" in client.post(URL, data(99)).text


def test_one_e_mail_from_many_addresses_is_limited_too(event, settings):
    for number in range(10):
        Client(REMOTE_ADDR=f"10.0.0.{number}").post(URL, data(email="victim@school.example"))
    # One request goes through; the rest see the duplicate or, past the limit, the 429.
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


def test_another_client_is_not_limited_by_the_first(client, event):
    for number in range(10):
        client.post(URL, data(number))
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(URL, data(50)).status_code == 302


def test_a_filled_honeypot_looks_like_success_and_saves_nothing(client, event):
    response = client.post(URL, data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client, event):
    soup = BeautifulSoup(client.get(URL).content, "html.parser")
    trap = soup.select_one("input[name=website]")
    assert trap.find_parent(attrs={"aria-hidden": "true"})["class"] == ["visually-hidden"]
    assert trap["tabindex"] == "-1"


def test_consent_is_required_links_the_policy_and_its_time_is_stored(client, event, calendar):
    policy = StandardPageFactory(
        parent=calendar.get_parent(), title="Политика обработки персональных данных"
    )
    calendar.privacy_policy = policy
    calendar.save()
    page = BeautifulSoup(client.get(URL).content, "html.parser")
    checkbox = page.select_one("input[name=consent][type=checkbox]")
    label = page.select_one(f"label[for={checkbox['id']}]").get_text(" ", strip=True)
    assert "согласие на обработку моих персональных данных (152-ФЗ)" in label
    assert page.find("a", string="Политика обработки персональных данных")["href"] == policy.url

    refused = client.post(URL, data(consent=""))
    assert "Без согласия на обработку данных зарегистрировать нельзя." in refused.text
    assert not Registration.objects.exists()
    client.post(URL, data())
    assert Registration.objects.get().consent_at == NOW


def test_the_join_link_is_shown_only_to_registered_participants(client, event):
    assert JOIN not in client.get(URL).text
    assert JOIN not in client.get(URL + "ics/").content.decode()
    client.post(URL, data())
    registration = Registration.objects.get()
    own_page = f"{URL}registration/{registration.token}/"
    assert JOIN not in client.get(own_page).text  # not confirmed yet
    assert JOIN not in mail.outbox[0].body
    link = re.search(r"http\S+/confirm/\S+/", mail.outbox[0].body).group(0)
    client.get(link)
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    assert JOIN in client.get(own_page).text
    assert f"Ссылка для подключения: {JOIN}" in mail.outbox[1].body
    assert client.get(f"{URL}registration/not-a-token/").status_code == 404
