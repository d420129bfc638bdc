"""After a seminar, end to end in the browser on the demo site.

The institute editor opens a past seminar in the admin, goes to «Посещаемость» and marks the
participant who had been left unmarked; she gets an e-mail with her private link, downloads
her «Сертификат участника», a visitor checks its code on the public page (initials only), and
her feedback is counted in the calendar's average.
"""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from demo.users import demo_user
from events.models import EventPage
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_school_editor import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture(scope="module")
def axe():
    return Axe()


SEMINAR = "destruktivnoe-povedenie"
LATECOMER = "Жукова Татьяна Юрьевна"  # the demo's only registered participant left unmarked


def test_editor_marks_attendee_downloads_certificate_code_verifies_feedback_counted(page, axe):
    event = EventPage.objects.get(slug=SEMINAR)
    editor = demo_user("editor")
    log_in(page, editor.username, editor.password)
    page.goto(f"/admin/pages/{event.pk}/edit/")
    page.locator("#w-slim-header-buttons").get_by_role("button", name="Действия").click()
    page.locator("#w-slim-header-buttons").get_by_role("link", name="Посещаемость").click()
    expect(page.get_by_role("heading", name="Посещаемость")).to_be_visible()
    page.get_by_label(LATECOMER).check()
    page.get_by_role("button", name="Сохранить посещаемость").click()
    expect(page.locator(".messages")).to_contain_text("выдано сертификатов: 1")

    message = next(message for message in mail.outbox if message.to[0].startswith("uchastnik7."))
    link = re.search(r"https?://[^/\s]+(/uchastnik/[\w-]+/)", message.body).group(1)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name=event.title, level=1)).to_be_visible()
    assert_accessible(page, axe)
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать сертификат (PDF)").click()
    text = " ".join(
        PdfReader(io.BytesIO(download.value.path().read_bytes())).pages[0].extract_text().split()
    )
    assert LATECOMER in text
    code = re.search(r"Код проверки: (\w{4}-\w{4})", text).group(1)

    page.get_by_label("4", exact=True).check()
    page.get_by_label("Какие темы разобрать в следующий раз").fill("Буллинг в начальной школе")
    page.get_by_role("button", name="Отправить отзыв").click()
    expect(page.get_by_role("status")).to_have_text("Спасибо! Ваш отзыв получен.")

    page.goto("/sertifikat/")
    page.get_by_label("Код сертификата").fill(code.lower())
    page.get_by_role("button", name="Проверить").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Сертификат {code} действителен")
    expect(page.locator("main")).to_contain_text("Ж. Т. Ю.")
    expect(page.locator("main")).not_to_contain_text("Жукова")
    assert_accessible(page, axe)

    # The demo's five answers (23 points) and hers: 27 of 6 = 4,5.
    page.goto(f"{event.get_parent().url}?period=past")
    item = page.locator(".event-list__item", has_text=event.title)
    expect(item).to_contain_text("Оценка участников: 4,5 из 5 — 6 ответов")
