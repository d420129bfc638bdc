"""A seminar's registration in the browser: consent, the link in the e-mail, the waiting list,
cancelling, and the first in line promoted — read from the e-mails the site sends."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from events.models import EventPage, Registration, RegistrationStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SLUG = "russkij-riski"
JOIN = "https://vks.example.org/iro"


@pytest.fixture
def one_seat_left():
    """The demo seminar with a single free seat; its places and registrations restored after."""
    event = EventPage.objects.get(slug=SLUG)
    EventPage.objects.filter(pk=event.pk).update(capacity=event.seats_taken() + 1)
    cache.clear()  # the rate limit's counters of earlier journeys from this address
    yield event
    Registration.objects.filter(event=event, email__endswith="@school.example").delete()
    EventPage.objects.filter(pk=event.pk).update(capacity=event.capacity)


def register(page, url, name, email):
    page.goto(url)
    page.get_by_label("Фамилия, имя, отчество").fill(name)
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Или название организации").fill("МОУ СОШ № 3")
    page.get_by_label("Должность").fill("учитель русского языка")
    page.get_by_label(re.compile("согласие на обработку моих персональных данных")).check()
    page.get_by_role("button", name=re.compile("Зарегистрироваться|лист ожидания")).click()
    expect(page.get_by_role("status")).to_contain_text("Заявка принята. Проверьте почту")


def link_in_last_mail_to(email, pattern):
    message = [message for message in mail.outbox if message.to == [email]][-1]
    return re.search(pattern, message.body).group(0)


def test_register_confirm_cancel_and_the_first_waiting_is_promoted(page, no_js_page, one_seat_left):
    url = one_seat_left.url

    # The consent links to the privacy policy, which opens.
    page.goto(url)
    policy = page.get_by_role("link", name="Политика обработки персональных данных")
    expect(policy).to_be_visible()

    register(page, url, "Петрова Анна Сергеевна", "petrova@school.example")
    assert JOIN not in page.content()
    page.goto(link_in_last_mail_to("petrova@school.example", r"http\S+/confirm/\S+/"))
    expect(page.get_by_role("status")).to_contain_text("Регистрация подтверждена: место за вами.")
    expect(page.get_by_role("link", name=JOIN)).to_be_visible()

    # The seminar is full now: a second teacher, without JavaScript, joins the waiting list.
    register(no_js_page, url, "Смирнов Олег Павлович", "smirnov@school.example")
    no_js_page.goto(link_in_last_mail_to("smirnov@school.example", r"http\S+/confirm/\S+/"))
    expect(no_js_page.get_by_role("status")).to_contain_text("вы в листе ожидания")
    expect(no_js_page.get_by_role("link", name=JOIN)).to_have_count(0)

    # The first teacher cancels by the link in her confirmation.
    page.goto(link_in_last_mail_to("petrova@school.example", r"http\S+/registration/\S+/"))
    page.get_by_role("button", name="Отменить регистрацию").click()
    expect(page.get_by_role("status")).to_contain_text("Регистрация отменена.")

    promotion = [message for message in mail.outbox if message.to == ["smirnov@school.example"]]
    assert promotion[-1].subject == f"Освободилось место: {one_seat_left.title}"
    assert f"Ссылка для подключения: {JOIN}" in promotion[-1].body
    no_js_page.reload()
    expect(no_js_page.get_by_role("status")).to_contain_text("Регистрация подтверждена")
    statuses = dict(
        Registration.objects.filter(email__endswith="@school.example").values_list(
            "email", "status"
        )
    )
    assert statuses == {
        "petrova@school.example": RegistrationStatus.CANCELLED,
        "smirnov@school.example": RegistrationStatus.CONFIRMED,
    }
