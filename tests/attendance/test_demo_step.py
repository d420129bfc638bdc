"""The demo step: a past seminar with registrations gets attendance, certificates and
feedback, once however often the demo loads."""

import io

from django.core import mail

from attendance.models import Attendance, Certificate, Feedback
from demo import attendance as demo_attendance


def test_the_demo_step_fills_a_past_seminar_once(client, calendar, event):
    for _ in range(2):
        demo_attendance.load(io.StringIO())
    assert Attendance.objects.count() == 6  # seven registered, one did not come
    assert Certificate.objects.exclude(file="").count() == 6
    assert len(mail.outbox) == 6
    assert Feedback.objects.count() == 5
    # 5 + 4 + 5 + 4 + 5 = 23 of 5 answers
    assert "Оценка участников: 4,6 из 5 — 5 ответов" in client.get(event.url).text
