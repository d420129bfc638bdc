"""Demo attendance, certificates and feedback of the calendar's past seminars (``attendance``).

``load`` runs from ``manage.py load_demo`` after ``demo.events``. Each past event that took
registrations on the site gets confirmed registrations of demo teachers, most of them marked
present (the rest did not come), their certificates (typeset by the task worker) and the
feedback of most attendees. It can run again: registrations are found by e-mail, attendance
and certificates are kept, each registration answers once.
"""

import datetime

from django.utils import timezone

from attendance import marking
from attendance.models import Attendance, Feedback
from events.models import EventPage, Registration, RegistrationStatus

PEOPLE = [
    ("Алексеева Ольга Викторовна", "учитель русского языка"),
    ("Борисов Андрей Николаевич", "заместитель директора по УВР"),
    ("Васильева Наталья Петровна", "учитель начальных классов"),
    ("Григорьева Елена Сергеевна", "педагог-психолог"),
    ("Дмитриев Сергей Александрович", "учитель истории"),
    ("Егорова Марина Ивановна", "классный руководитель"),
    ("Жукова Татьяна Юрьевна", "учитель математики"),
]
ABSENT = 1  # the last person registered but did not come
# (usefulness, what to change, what next) of the attendees who answered, in the order above.
ANSWERS = [
    (5, "", "Работа с текстом на уроках математики"),
    (4, "Больше времени на вопросы слушателей", "Формирующее оценивание"),
    (5, "", ""),
    (4, "Присылать презентацию заранее", "Работа с родителями"),
    (5, "Больше примеров из сельских школ", ""),
]


def past_events():
    return EventPage.objects.live().filter(registration_mode="form", series_end__lt=timezone.now())


def register(event, number):
    registrations = []
    for index, (name, role) in enumerate(PEOPLE):
        registration, _ = Registration.objects.get_or_create(
            event=event,
            email=f"uchastnik{index + 1}.{number}@example.org",
            defaults={
                "name": name,
                "role": role,
                "organisation": "МБОУ СОШ",
                "status": RegistrationStatus.CONFIRMED,
                "consent_at": event.start - datetime.timedelta(days=7),
                "confirmed_at": event.start - datetime.timedelta(days=7),
            },
        )
        registrations.append(registration)
    # A week before the event, not at the load: the list reads as the seminar's own.
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        created_at=event.start - datetime.timedelta(days=7)
    )
    return registrations


def answer(event, registrations):
    attendances = Attendance.objects.filter(registration__in=registrations).order_by(
        "registration__name"
    )
    for attendance, (usefulness, to_change, next_topics) in zip(attendances, ANSWERS, strict=False):
        Feedback.objects.get_or_create(
            attendance=attendance,
            defaults={
                "event": event,
                "usefulness": usefulness,
                "to_change": to_change,
                "next_topics": next_topics,
            },
        )


def load(stdout):
    events = list(past_events())
    for number, event in enumerate(events, start=1):
        registrations = register(event, number)
        if not Attendance.objects.filter(registration__event=event).exists():
            marking.mark(event, [registration.pk for registration in registrations[:-ABSENT]])
        answer(event, registrations)
    stdout.write(
        f"Посещаемость, сертификаты и отзывы прошедших мероприятий: {len(events)}, "
        f"отзывов — {Feedback.objects.count()}"
    )
