"""Fixtures of the attendance tests: an ended seminar with confirmed registrations, another
event, and editors who may edit one event only."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from events.models import Registration
from tests.factories import EventIndexPageFactory, EventPageFactory

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
PEOPLE = [
    ("Иванова Мария Петровна", "ivanova@school.example"),
    ("Петров Олег Ильич", "petrov@school.example"),
    ("Сидорова Анна Сергеевна", "sidorova@school.example"),
]


@pytest.fixture
def calendar(home):
    return EventIndexPageFactory(parent=home, publish=False)


def ended_event(calendar, title, slug, hours=3):
    start = datetime.datetime(2026, 11, 10, 10, 0, tzinfo=MSK)
    return EventPageFactory(
        parent=calendar,
        title=title,
        slug=slug,
        start=start,
        end=start + datetime.timedelta(hours=hours),
        registration_mode="form",
    )


@pytest.fixture
def event(calendar):
    return ended_event(calendar, "Семинар о смысловом чтении", "smyslovoe-chtenie")


@pytest.fixture
def other_event(calendar):
    return ended_event(calendar, "Вебинар о функциональной грамотности", "gramotnost")


@pytest.fixture
def registrations(event):
    made = [
        Registration.objects.create(
            event=event, name=name, email=email, role="учитель", status="confirmed"
        )
        for name, email in PEOPLE
    ]
    # Neither a pending nor a cancelled registration is on the attendance list.
    Registration.objects.create(
        event=event, name="Неподтверждённый Участник", email="x@example.org", role="учитель"
    )
    return made


def make_editor(username, page=None):
    user = get_user_model().objects.create_user(username, password="pw")
    group = Group.objects.create(name=f"Редакторы {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if page is not None:
        GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    user.groups.add(group)
    return user


@pytest.fixture
def editor(event):
    return make_editor("organiser", event)
