"""Freshness of the schools' sections: the rows, the coordinators' report, the reminders."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Page

from schools.freshness import days_ru, section_freshness
from schools.management.commands.remind_stale_sections import recent_reminder_start
from schools.models import (
    Municipality,
    QualitySectionPage,
    School,
    SchoolNewsPage,
    SectionReminder,
)
from schools.provisioning import provision_school
from tests.factories import SchoolIndexPageFactory, SchoolNewsPageFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
REPORT_URL = "/admin/reports/school-sections/"
NEVER = None


@pytest.fixture
def school_index(home):
    return SchoolIndexPageFactory(parent=home)


@pytest.fixture
def make_school(school_index):
    """A provisioned school whose section was last published ``age`` ago (``NEVER``: not at all)."""

    def make(name, age, municipality="Приозерский район"):
        place, _ = Municipality.objects.get_or_create(name=municipality)
        school = School.objects.create(short_name=name, municipality=place)
        provision_school(school, school_index)
        school.refresh_from_db()
        published_at(section_of(school), age)
        return school

    return make


def section_of(school):
    return QualitySectionPage.objects.child_of(school.page).get()


def published_at(page, age, live=True):
    when = None if age is NEVER else timezone.now() - age
    Page.objects.filter(pk=page.pk).update(last_published_at=when, live=live)


def add_news(section, age, live=True):
    news = SchoolNewsPageFactory(
        parent=section,
        title="Новость",
        slug=f"news-{section.pk}",
        date="2025-01-01",
        intro="…",
        publish=False,
    )
    published_at(news, age, live=live)
    return news


def member_of(group, username, email="", is_active=True):
    user = get_user_model().objects.create_user(
        username, email=email, password="x", is_active=is_active
    )
    user.groups.add(group)
    return user


def role(name, username):
    return member_of(Group.objects.get(name=name), username)


@pytest.fixture
def network(make_school):
    """Six schools whose sections were updated long ago, lately, or never.

    Stale after 30 days, the stalest first: Сосновская (never), Мичуринская (60 days; a draft
    below it doesn't count), Громовская (45), Ларионовская (31); then the fresh ones:
    Джатиевская (45, but its news is 10 days old), Запорожская (5).
    """
    fresh_by_news = make_school("Джатиевская ООШ", 45 * DAY)
    add_news(section_of(fresh_by_news), 10 * DAY)
    with_draft = make_school("Мичуринская СОШ", 60 * DAY)
    add_news(section_of(with_draft), 1 * DAY, live=False)
    make_school("Громовская СОШ", 45 * DAY)
    make_school("Ларионовская СОШ", 31 * DAY, municipality="Сосновский район")
    make_school("Запорожская ООШ", 5 * DAY)
    make_school("Сосновская СОШ", NEVER, municipality="Сосновский район")


EXPECTED = [
    # school, days since the last update, stale
    ("Сосновская СОШ", None, True),
    ("Мичуринская СОШ", 60, True),
    ("Громовская СОШ", 45, True),
    ("Ларионовская СОШ", 31, True),
    ("Джатиевская ООШ", 10, False),
    ("Запорожская ООШ", 5, False),
]


# The rows


def test_rows_stalest_first_with_days_and_flags(network):
    rows = section_freshness(timezone.now(), 30)
    assert [(r.school_name, r.days_since_update, r.is_stale) for r in rows] == EXPECTED
    assert rows[0].last_update is None
    assert rows[2].municipality_name == "Приозерский район"
    assert rows[3].municipality_name == "Сосновский район"


def test_the_last_update_is_the_newest_live_page_of_the_section(network):
    news = SchoolNewsPage.objects.live().get(title="Новость")
    row = next(r for r in section_freshness(timezone.now(), 30) if r.school_name.startswith("Дж"))
    assert row.last_update == Page.objects.get(pk=news.pk).last_published_at
    assert row.section_id == news.get_parent().pk


def test_a_section_exactly_the_period_old_is_not_stale_yet(make_school):
    now = timezone.now()
    on_time = make_school("Ровно месяц", 30 * DAY)
    late = make_school("Месяц и секунда", 30 * DAY)
    Page.objects.filter(pk=section_of(on_time).pk).update(last_published_at=now - 30 * DAY)
    Page.objects.filter(pk=section_of(late).pk).update(
        last_published_at=now - 30 * DAY - timedelta(seconds=1)
    )
    flags = {row.school_name: row.is_stale for row in section_freshness(now, 30)}
    assert flags == {"Ровно месяц": False, "Месяц и секунда": True}


def test_the_period_is_a_parameter(network):
    rows = section_freshness(timezone.now(), 50)
    assert [r.school_name for r in rows if r.is_stale] == ["Сосновская СОШ", "Мичуринская СОШ"]


def test_the_rows_cost_one_query(network, django_assert_num_queries):
    with django_assert_num_queries(1):
        section_freshness(timezone.now(), 30)


@pytest.mark.parametrize(
    ("number", "label"),
    [(1, "1 день"), (3, "3 дня"), (7, "7 дней"), (11, "11 дней"), (21, "21 день"), (30, "30 дней")],
)
def test_days_agree_in_russian(number, label):
    assert days_ru(number) == label


# The report


def report_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")[:5]]
        for row in soup.select("table.listing tbody tr")
    ]


def test_coordinator_sees_every_section_stalest_first(client, network):
    client.force_login(role("Координаторы", "coordinator"))
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "считается устаревшим, если не обновлялся 30 дней" in html
    rows = report_rows(response)
    assert [row[0] for row in rows] == [school for school, _, _ in EXPECTED]
    assert rows[0][1:] == ["Сосновский район", "ни разу", "—", "Требует обновления"]
    assert rows[2][1] == "Приозерский район"
    assert rows[2][3:] == ["45", "Требует обновления"]
    assert rows[4][3:] == ["10", "Актуален"]
    never_updated = section_of(School.objects.get(short_name="Сосновская СОШ"))
    assert f'href="/admin/pages/{never_updated.pk}/edit/"' in html


def test_the_period_comes_from_the_settings(client, network, settings):
    settings.SCHOOL_SECTION_STALE_DAYS = 50
    client.force_login(role("Координаторы", "coordinator"))
    response = client.get(REPORT_URL)
    assert "если не обновлялся 50 дней" in response.content.decode()
    assert [row[4] for row in report_rows(response)].count("Требует обновления") == 2


def test_filters_by_municipality_and_staleness(client, network):
    client.force_login(role("Координаторы", "coordinator"))
    sosnovsky = Municipality.objects.get(name="Сосновский район")
    by_place = report_rows(client.get(REPORT_URL, {"municipality": sosnovsky.pk}))
    assert [row[0] for row in by_place] == ["Сосновская СОШ", "Ларионовская СОШ"]
    stale = report_rows(client.get(REPORT_URL + "results/", {"state": "stale"}))
    assert [row[0] for row in stale] == [school for school, _, is_stale in EXPECTED if is_stale]


def test_institute_editors_see_the_report_too(client, network):
    client.force_login(role("Редакторы института", "institute-editor"))
    assert client.get(REPORT_URL).status_code == 200


def test_csv_export(client, network):
    client.force_login(role("Координаторы", "coordinator"))
    response = client.get(REPORT_URL, {"export": "csv", "state": "stale"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    lines = list(csv.reader(io.StringIO(content)))
    assert lines[0] == [
        "Школа",
        "Муниципалитет",
        "Последнее обновление",
        "Дней без обновления",
        "Состояние",
    ]
    assert lines[1] == ["Сосновская СОШ", "Сосновский район", "", "", "Требует обновления"]
    expected_date = timezone.localdate(timezone.now() - 60 * DAY).isoformat()
    assert lines[2] == [
        "Мичуринская СОШ",
        "Приозерский район",
        expected_date,
        "60",
        "Требует обновления",
    ]
    assert len(lines) == 5


def test_xlsx_export(client, network):
    client.force_login(role("Координаторы", "coordinator"))
    response = client.get(REPORT_URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[0][0] == "Школа"
    assert [row[0] for row in values[1:]] == [school for school, _, _ in EXPECTED]
    assert values[-1][3:] == (5, "Актуален")


def test_exports_write_school_names_as_text_never_as_formulas(client, make_school):
    make_school('=HYPERLINK("https://evil.example/","СОШ")', 60 * DAY, municipality="-2+3")
    client.force_login(role("Координаторы", "coordinator"))

    csv_response = client.get(REPORT_URL, {"export": "csv"})
    xlsx_response = client.get(REPORT_URL, {"export": "xlsx"})

    content = b"".join(csv_response.streaming_content).decode()
    _, row = csv.reader(io.StringIO(content))
    expected = ['\'=HYPERLINK("https://evil.example/","СОШ")', "'-2+3"]
    assert row[:2] == expected
    assert row[3] == "60"
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content))).active
    _, cells = sheet.iter_rows(max_row=2)
    assert [cell.value for cell in cells[:2]] == expected
    # The number of days stays a number.
    assert cells[3].value == 60


@pytest.mark.parametrize("who", ["school editor", "expert"])
def test_others_are_refused(client, make_school, who):
    school = make_school("Джатиевская ООШ", 45 * DAY)
    if who == "school editor":
        user = member_of(school.editors_group, "school-editor")
    else:
        user = role("Эксперты", "expert")
    client.force_login(user)
    for url in (REPORT_URL, REPORT_URL + "results/", REPORT_URL + "?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Джатиевская" not in response.content.decode()
    assert REPORT_URL not in client.get("/admin/").content.decode()


def test_the_menu_offers_the_report_to_coordinators(client, network):
    client.force_login(role("Координаторы", "coordinator"))
    assert REPORT_URL in client.get("/admin/").content.decode()


def test_the_report_costs_the_same_queries_for_3_and_30_schools(
    client, make_school, django_assert_max_num_queries
):
    client.force_login(role("Координаторы", "coordinator"))
    for number in range(3):
        make_school(f"Школа {number}", number * 20 * DAY)
    client.get(REPORT_URL)  # warm the per-process caches
    with CaptureQueriesContext(connection) as three_schools:
        assert client.get(REPORT_URL).status_code == 200
    for number in range(3, 30):
        make_school(f"Школа {number}", number * 2 * DAY)
    with django_assert_max_num_queries(len(three_schools)):
        response = client.get(REPORT_URL)
    assert len(report_rows(response)) == 30


# The reminders


@pytest.fixture
def reminders_setting(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.ru/"
    settings.SCHOOL_SECTION_STALE_DAYS = 30
    settings.SCHOOL_SECTION_REMINDER_INTERVAL_DAYS = 7
    return settings


@pytest.fixture
def schools_to_remind(make_school, reminders_setting):
    """Stale: Громовская (2 editors to write to), Сосновская (no one to write to),
    Ларионовская (reminded 3 days ago), Мичуринская (reminded 8 days ago). Fresh: Запорожская.
    """
    gromovo = make_school("Громовская СОШ", 45 * DAY)
    member_of(gromovo.editors_group, "ivanova", "ivanova@example.ru")
    member_of(gromovo.editors_group, "petrov", "petrov@example.ru")
    member_of(gromovo.editors_group, "left", "left@example.ru", is_active=False)
    member_of(gromovo.editors_group, "no-address")
    sosnovo = make_school("Сосновская СОШ", NEVER)
    member_of(sosnovo.editors_group, "sosnovo-no-address")
    larionovo = make_school("Ларионовская СОШ", 40 * DAY)
    member_of(larionovo.editors_group, "larionov", "larionov@example.ru")
    SectionReminder.objects.create(school=larionovo, sent_at=timezone.now() - 3 * DAY)
    michurinsk = make_school("Мичуринская СОШ", 60 * DAY)
    member_of(michurinsk.editors_group, "michurin", "michurin@example.ru")
    SectionReminder.objects.create(school=michurinsk, sent_at=timezone.now() - 8 * DAY)
    zaporozhye = make_school("Запорожская ООШ", 5 * DAY)
    member_of(zaporozhye.editors_group, "zaporozhets", "zaporozhets@example.ru")
    return {"gromovo": gromovo, "michurinsk": michurinsk}


def run(*args):
    out = io.StringIO()
    call_command("remind_stale_sections", *args, stdout=out)
    return out.getvalue()


def test_the_editors_of_stale_sections_get_one_email_per_school(schools_to_remind):
    output = run()
    assert sorted(message.to for message in mail.outbox) == [
        ["ivanova@example.ru", "petrov@example.ru"],
        ["michurin@example.ru"],
    ]
    assert (
        "Напомнили школам: 2. Пропущено (напоминали в последние 7 дней): 1. "
        "Без редакторов с e-mail: 1." in output
    )
    gromovo = schools_to_remind["gromovo"]
    message = next(m for m in mail.outbox if "ivanova@example.ru" in m.to)
    assert message.subject == (
        "Пора обновить раздел «Повышение качества образования»: Громовская СОШ"
    )
    edit_url = f"https://portal.example.ru/admin/pages/{section_of(gromovo).pk}/edit/"
    assert edit_url in message.body
    assert "45 дней назад" in message.body
    assert "если не обновлялся 30 дней" in message.body
    assert SectionReminder.objects.get(school=gromovo).recipients == (
        "ivanova@example.ru, petrov@example.ru"
    )


def test_the_reminders_are_sent_by_the_task_worker(schools_to_remind, task_queue):
    run()
    assert mail.outbox == []
    assert task_queue.names() == ["send_email", "send_email"]

    task_queue.run()
    assert len(mail.outbox) == 2


def test_a_second_run_the_same_day_sends_nothing(schools_to_remind):
    run()
    sent = len(mail.outbox)
    output = run()
    assert len(mail.outbox) == sent
    assert "Напомнили школам: 0. Пропущено (напоминали в последние 7 дней): 3." in output


def test_dry_run_sends_and_records_nothing(schools_to_remind):
    reminders = SectionReminder.objects.count()
    output = run("--dry-run")
    assert mail.outbox == []
    assert SectionReminder.objects.count() == reminders
    assert "Громовская СОШ: ivanova@example.ru, petrov@example.ru" in output
    assert "Сосновская СОШ: нет редакторов с e-mail" in output
    assert "Пробный запуск, письма не отправлены. Напомнили бы школам: 2." in output


def test_days_option_overrides_the_period(schools_to_remind):
    run("--days", "50")
    assert [message.to for message in mail.outbox] == [["michurin@example.ru"]]


def test_an_editor_of_two_schools_gets_a_letter_for_each(make_school, reminders_setting):
    first = make_school("Громовская СОШ", 45 * DAY)
    second = make_school("Мичуринская СОШ", 60 * DAY)
    member_of(first.editors_group, "both", "both@example.ru").groups.add(second.editors_group)
    run()
    assert sorted(message.subject.rsplit(": ", 1)[1] for message in mail.outbox) == [
        "Громовская СОШ",
        "Мичуринская СОШ",
    ]
    assert all(message.to == ["both@example.ru"] for message in mail.outbox)


def test_a_reminder_counts_as_recent_for_the_interval_in_calendar_days(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    monday_morning = timezone.make_aware(datetime(2025, 3, 10, 8, 0))
    start = recent_reminder_start(monday_morning, 7)
    assert start == timezone.make_aware(datetime(2025, 3, 4, 0, 0))
    last_monday_later_hour = timezone.make_aware(datetime(2025, 3, 3, 9, 0))
    assert last_monday_later_hour < start  # a week has passed: remind again
