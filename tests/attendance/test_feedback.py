"""Feedback: one answer per registration through the private link, the editors' results and
XLSX, and the average the calendar shows."""

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from attendance import marking
from attendance.models import Attendance, Feedback
from tests.factories import EventPageFactory

from .conftest import PEOPLE


@pytest.fixture
def attended(event, registrations):
    marking.mark(event, [registration.pk for registration in registrations])
    return {
        attendance.registration.email: f"/uchastnik/{attendance.token}/"
        for attendance in Attendance.objects.select_related("registration")
    }


def answer(client, url, usefulness, **texts):
    return client.post(url, {"usefulness": usefulness, **texts})


def test_the_e_mail_has_the_feedback_link(attended):
    bodies = {message.to[0]: message.body for message in mail.outbox}
    for email, url in attended.items():
        assert re.search(rf"http://[^/\s]+{url}", bodies[email])


def test_one_answer_per_registration(client, event, attended):
    url = attended[PEOPLE[0][1]]
    assert "Отправить отзыв" in client.get(url).text
    response = answer(client, url, 5, to_change="Больше практики")
    assert response.status_code == 302
    assert response["Location"] == url + "#feedback"
    page = client.get(url).text
    assert "Спасибо! Ваш отзыв получен." in page and "Отправить отзыв" not in page
    answer(Client(), url, 1, to_change="Передумала")
    assert list(Feedback.objects.values_list("usefulness", "to_change")) == [(5, "Больше практики")]


def test_a_score_outside_one_to_five_is_refused(client, attended):
    url = attended[PEOPLE[0][1]]
    response = answer(client, url, 6)
    assert response.status_code == 200
    assert "Исправьте ошибки в форме." in response.text
    assert not Feedback.objects.exists()


def test_the_calendar_and_the_event_page_show_the_hand_checked_average(
    client, calendar, event, attended
):
    # 5 + 4 + 5 = 14 of 3 answers: 4,666… → «4,7».
    for (_, email), score in zip(PEOPLE, (5, 4, 5), strict=True):
        answer(Client(), attended[email], score)
    listing = client.get(calendar.url, {"period": "past"}).text
    assert "Оценка участников: 4,7 из 5 — 3 ответа" in listing
    assert "Оценка участников: 4,7 из 5 — 3 ответа" in client.get(event.url).text


def test_the_calendar_rates_all_its_past_events_in_one_query(client, calendar, event, attended):
    answer(Client(), attended[PEOPLE[0][1]], 4)
    for number in range(6):
        EventPageFactory(
            parent=calendar, slug=f"proshlo-{number}", start=event.start, end=event.end
        )
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(calendar.url, {"period": "past"})
    assert "Оценка участников: 4,0 из 5 — 1 ответ" in response.text
    feedback_queries = [q for q in queries.captured_queries if "attendance_feedback" in q["sql"]]
    assert len(feedback_queries) == 1


def test_editors_see_results_and_an_xlsx_that_runs_no_formula(client, event, attended, editor):
    answer(Client(), attended[PEOPLE[0][1]], 5, next_topics='=HYPERLINK("http://evil","x")')
    answer(Client(), attended[PEOPLE[1][1]], 3, to_change="Меньше теории")
    client.force_login(editor)
    page = client.get(f"/admin/attendance/{event.pk}/feedback/").text
    assert "Средняя оценка полезности: <b>4,0 из 5 — 2 ответа</b>" in page
    assert "Меньше теории" in page
    response = client.get(f"/admin/attendance/{event.pk}/feedback.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Получен", "Полезность (1–5)", "Что изменить", "Какие темы разобрать дальше"]
    assert [row[1:] for row in rows[1:]] == [
        [5, None, '\'=HYPERLINK("http://evil","x")'],
        [3, "Меньше теории", None],
    ]
