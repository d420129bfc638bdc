"""The e-mails of a registration: the link to confirm, then each change of its status.

Every e-mail starts with the site's own sentence, never with what the visitor typed (a name
like «Вы выиграли…» must not become the first line someone reads).
"""

from django.core.mail import send_mail
from django.template.loader import render_to_string

from site_cms.absolute_urls import page_url

from .models import RegistrationStatus
from .registration_flow import confirm_deadline

CONFIRMED = "confirmed"
WAITING = "waiting"
PROMOTED = "promoted"
REMINDER_DAY = "reminder-day"
REMINDER_HOUR = "reminder-hour"

LEADS = {
    CONFIRMED: "Регистрация подтверждена: место на мероприятии за вами.",
    WAITING: (
        "Все места уже заняты: вы в листе ожидания. Если кто-то откажется, "
        "мы сразу сообщим вам письмом."
    ),
    PROMOTED: "Освободилось место: вы переведены из листа ожидания в участники мероприятия.",
    REMINDER_DAY: "Напоминаем о мероприятии, на которое вы зарегистрированы: оно скоро начнётся.",
    REMINDER_HOUR: "Меньше чем через час начнётся мероприятие, на которое вы зарегистрированы.",
}
SUBJECTS = {
    CONFIRMED: "Регистрация подтверждена",
    WAITING: "Лист ожидания",
    PROMOTED: "Освободилось место",
    REMINDER_DAY: "Напоминание",
    REMINDER_HOUR: "Начинается через час",
}


def registration_url(registration, request=None):
    return page_url(registration.event, request) + f"registration/{registration.token}/"


def send_confirm_request(registration, request=None):
    event = registration.event
    url = page_url(event, request)
    text = render_to_string(
        "events/email/confirm_request.txt",
        {
            "registration": registration,
            "event": event,
            "url": url,
            "confirm_url": url + f"confirm/{registration.token}/",
            "deadline": confirm_deadline(registration),
        },
    )
    send_mail(f"Подтвердите регистрацию: {event.title}", text, None, [registration.email])


def send_status(registration, kind, request=None, occurrence=None):
    """One of the e-mails after confirmation; the join link goes only to those with a seat."""
    event = registration.event
    seat = registration.status == RegistrationStatus.CONFIRMED
    text = render_to_string(
        "events/email/seat.txt",
        {
            "lead": LEADS[kind],
            "registration": registration,
            "event": event,
            "occurrence": occurrence,
            "seat": seat,
            "join_url": event.online_url if seat and event.is_online else "",
            "url": page_url(event, request),
            "registration_url": registration_url(registration, request),
        },
    )
    send_mail(f"{SUBJECTS[kind]}: {event.title}", text, None, [registration.email])
