"""Every e-mail of the site is sent by the task worker (site_cms/mail.py): the registration
confirmation as an example of the site's own, Wagtail's notifications, and a refused delivery."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from wagtail.admin.mail import send_mail as wagtail_send_mail

from events.models import Registration


@pytest.fixture
def event(make_event):
    return make_event(
        "Семинар",
        "2036-12-09 10:00",
        slug="seminar",
        registration_mode="form",
        registration_deadline=timezone.now() + datetime.timedelta(days=7),
    )


REGISTRATION = {
    "name": "Иванова Мария Петровна",
    "email": "teacher@school.example",
    "organisation": "МОУ СОШ № 5",
    "role": "учитель математики",
    "consent": "on",
}


def test_the_confirmation_is_sent_by_the_worker_not_the_request(client, event, task_queue):
    response = client.post("/kalendar/seminar/", REGISTRATION)

    assert response.status_code == 302
    assert Registration.objects.count() == 1
    assert mail.outbox == []
    assert task_queue.names() == ["send_email"]

    task_queue.run()
    [message] = mail.outbox
    assert message.to == ["teacher@school.example"]
    assert message.subject == "Подтвердите регистрацию: Семинар"
    assert "9 декабря 2036" in message.body


def test_wagtail_notifications_keep_their_html_and_headers(db, task_queue):
    wagtail_send_mail(
        "Страница отправлена на модерацию",
        "Текст письма",
        ["editor@iro.example"],
        html_message="<p>Текст письма</p>",
    )
    assert mail.outbox == []

    task_queue.run()
    [message] = mail.outbox
    assert message.alternatives == [("<p>Текст письма</p>", "text/html")]
    assert message.extra_headers == {"Auto-Submitted": "auto-generated"}


class RefusingOnce(EmailBackend):
    """A mail server that refuses the first message and takes the next ones."""

    refused = []

    def send_messages(self, messages):
        if not self.refused:
            self.refused.append(messages)
            raise ConnectionRefusedError("SMTP недоступен")
        return super().send_messages(messages)


def test_a_refused_message_is_sent_again_later(client, event, task_queue, settings, caplog):
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingOnce"
    RefusingOnce.refused = []
    client.post("/kalendar/seminar/", REGISTRATION)

    [first] = task_queue.take("send_email")
    first.task.call(*first.args, **first.kwargs)
    assert mail.outbox == []
    assert "Письмо не отправлено" in caplog.text
    [again] = task_queue.take("send_email")
    assert again.task.run_after > timezone.now()

    again.task.call(*again.args, **again.kwargs)
    assert [message.to for message in mail.outbox] == [["teacher@school.example"]]
