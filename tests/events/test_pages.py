"""The calendar through HTTP: list, filters, past events, month grid, ICS, query bound, home."""

import datetime
import json
from urllib.parse import quote

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import EventException
from tests.events.conftest import moment
from tests.factories import MunicipalityFactory

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".event-list__item > a")]


def test_list_shows_upcoming_by_default_and_past_on_request(client, make_event):
    make_event("Прошедший семинар", "2026-10-01 10:00")
    make_event("Будущий вебинар", "2026-12-10 15:00", event_type="webinar")
    make_event("Завтрашний семинар", "2026-11-24 10:00")
    assert titles(client.get("/kalendar/")) == ["Завтрашний семинар", "Будущий вебинар"]
    assert titles(client.get("/kalendar/?period=past")) == ["Прошедший семинар"]


def test_a_running_series_counts_as_upcoming_and_shows_its_next_date(client, make_event):
    make_event(
        "Методический час",
        "2026-09-16 15:00",
        frequency="monthly",
        repeat_until=datetime.date(2027, 5, 31),
    )
    response = client.get("/kalendar/")
    assert titles(response) == ["Методический час"]
    assert "16 декабря 2026, 15:00–17:00" in response.text


def test_an_event_s_who_and_for_whom_line_starts_with_what_it_has(
    client, make_event, audiences, organiser
):
    make_event("Для учителей", "2026-12-01 10:00", audiences=[audiences["matematika"]])
    make_event(
        "От организатора",
        "2026-12-02 10:00",
        audiences=[audiences["matematika"]],
        organiser=organiser,
    )
    soup = BeautifulSoup(client.get("/kalendar/").content, "html.parser")
    lines = [
        " ".join(item.select(".item-list__meta")[-1].get_text().split())
        for item in soup.select(".event-list__item")
    ]
    assert lines[0].startswith("Для кого:")
    assert lines[1].startswith(f"Организатор: {organiser}") and " · Для кого:" in lines[1]


def test_filters_by_type_format_audience_organiser_and_municipality(
    client, make_event, audiences, organiser
):
    district = MunicipalityFactory(name="Приозерский район")
    make_event("Математика", "2026-12-01 10:00", audiences=[audiences["matematika"]])
    make_event(
        "Психологи",
        "2026-12-02 10:00",
        audiences=[audiences["psihologi"]],
        event_type="webinar",
        organiser=organiser,
    )
    make_event(
        "Выезд",
        "2026-12-03 10:00",
        event_type="visit",
        event_format="in-person",
        municipality=district,
    )
    assert titles(client.get("/kalendar/?audience=matematika")) == ["Математика"]
    assert titles(client.get("/kalendar/?type=webinar")) == ["Психологи"]
    assert titles(client.get("/kalendar/?format=in-person")) == ["Выезд"]
    assert titles(client.get("/kalendar/?organiser=iro")) == ["Психологи"]
    assert titles(client.get(f"/kalendar/?municipality={district.pk}")) == ["Выезд"]
    # The form shows the filter state it was given.
    soup = BeautifulSoup(client.get("/kalendar/?type=webinar").content, "html.parser")
    assert soup.select_one("#id_type option[selected]")["value"] == "webinar"


def test_pagination_keeps_the_filters(client, make_event, audiences):
    for day in range(1, 23):
        make_event(
            f"Семинар {day}", f"2026-12-{day:02d} 10:00", audiences=[audiences["matematika"]]
        )
    response = client.get("/kalendar/?audience=matematika")
    assert len(titles(response)) == 20
    soup = BeautifulSoup(response.content, "html.parser")
    next_link = soup.select_one('.pagination a[rel="next"]')["href"]
    assert "audience=matematika" in next_link and "page=2" in next_link
    assert titles(client.get("/kalendar/" + next_link)) == ["Семинар 21", "Семинар 22"]


def test_list_links_are_the_events_addresses(client, make_event):
    # Built from the calendar's address and the slug, quoted as Wagtail quotes it.
    event = make_event("Выезд", "2026-12-02 10:00")
    soup = BeautifulSoup(client.get("/kalendar/").content, "html.parser")
    assert soup.select_one(".event-list__item > a")["href"] == event.url


def months(response):
    """The list's month headings, each with the titles of the events under it."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (
            section.select_one("h3").get_text(strip=True),
            [a.get_text(strip=True) for a in section.select(".event-list__item > a")],
        )
        for section in soup.select("section.event-month")
    ]


def test_list_is_grouped_under_month_headings_in_its_order(client, make_event):
    make_event("Январское совещание", "2027-01-14 10:00")
    make_event("Завтрашний семинар", "2026-11-24 10:00")
    make_event("Предновогодний вебинар", "2026-12-30 15:00")
    make_event("Октябрьский семинар", "2026-10-01 10:00")
    make_event("Сентябрьский семинар", "2026-09-10 10:00")
    # Begun in September, listed under the month of its next session.
    make_event(
        "Методический час",
        "2026-09-16 15:00",
        frequency="monthly",
        repeat_until=datetime.date(2027, 5, 31),
    )
    response = client.get("/kalendar/")
    assert months(response) == [
        ("Ноябрь 2026", ["Завтрашний семинар"]),
        ("Декабрь 2026", ["Методический час", "Предновогодний вебинар"]),
        ("Январь 2027", ["Январское совещание"]),
    ]
    # The months are headings under «Предстоящие мероприятия» in the page's outline.
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one("section.event-month")
    assert section["aria-labelledby"] == section.select_one("h3")["id"]
    assert section.find_previous("h2").get_text(strip=True) == "Предстоящие мероприятия"
    assert months(client.get("/kalendar/?period=past")) == [
        ("Октябрь 2026", ["Октябрьский семинар"]),
        ("Сентябрь 2026", ["Сентябрьский семинар"]),
    ]


def test_a_month_split_across_pages_is_headed_on_both(client, make_event):
    make_event("Последний ноябрьский", "2026-11-30 10:00")
    for day in range(1, 23):
        make_event(f"Семинар {day}", f"2026-12-{day:02d} 10:00")
    first = months(client.get("/kalendar/"))
    assert [title for title, _events in first] == ["Ноябрь 2026", "Декабрь 2026"]
    assert len(first[1][1]) == 19
    assert months(client.get("/kalendar/?page=2")) == [
        ("Декабрь 2026", ["Семинар 20", "Семинар 21", "Семинар 22"])
    ]


def test_month_grid_is_a_table_with_day_headers_and_month_links(client, make_event):
    make_event("Совещание", "2026-12-09 10:00")
    make_event("Выезд", "2026-12-02 00:00", hours=48, all_day=True)
    make_event(
        "Ежемесячный вебинар",
        "2026-09-16 15:00",
        frequency="monthly",
        repeat_until=datetime.date(2027, 5, 31),
    )
    response = client.get("/kalendar/?view=month&month=2026-12")
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one(".month-grid table")
    assert [th.get_text(strip=True) for th in table.select("thead th[scope=col]")] == [
        "Пн",
        "Вт",
        "Ср",
        "Чт",
        "Пт",
        "Сб",
        "Вс",
    ]
    cells = {
        cell.select_one(".month-grid__date").contents[0].strip(): cell
        for cell in table.select("td:not(.month-grid__day--outside)")
    }
    assert "Совещание" in cells["9"].get_text()
    assert "Выезд" in cells["2"].get_text() and "Выезд" in cells["3"].get_text()
    assert "Выезд" not in cells["4"].get_text()
    assert "Ежемесячный вебинар" in cells["16"].get_text()
    assert soup.select_one('.month-nav a[rel="next"]')["href"] == "?month=2027-01&view=month"
    assert soup.select_one('.month-nav a[rel="prev"]')["href"] == "?month=2026-11&view=month"


def month_cells(client, url="/kalendar/?view=month&month=2026-12"):
    """{day of the month: the texts of its links} of the month grid."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {
        cell.select_one(".month-grid__date").contents[0].strip(): [
            link.get_text(" ", strip=True) for link in cell.select("a")
        ]
        for cell in soup.select(".month-grid td:not(.month-grid__day--outside)")
    }


def test_the_kept_month_grid_shows_every_change_on_the_next_visit(client, settings, make_event):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    meeting = make_event("Совещание", "2026-12-09 10:00", publish=True)
    series = make_event(
        "Ежемесячный вебинар",
        "2026-09-16 15:00",
        frequency="monthly",
        repeat_until=datetime.date(2027, 5, 31),
        publish=True,
    )
    cells = month_cells(client)
    assert cells["9"] == ["10:00 МСК Совещание"] and cells["16"] == [
        "15:00 МСК Ежемесячный вебинар"
    ]

    make_event("Вебинар", "2026-12-10 10:00", publish=True)
    assert month_cells(client)["10"] == ["10:00 МСК Вебинар"]

    meeting.title = "Совещание директоров"
    meeting.start, meeting.end = moment("2026-12-17 11:00"), moment("2026-12-17 12:00")
    meeting.save_revision().publish()
    cells = month_cells(client)
    assert cells["9"] == [] and cells["17"] == ["11:00 МСК Совещание директоров"]

    EventException.objects.create(
        page=series, original_date=datetime.date(2026, 12, 16), new_start=moment("2026-12-18 15:00")
    )
    cells = month_cells(client)
    assert cells["16"] == [] and cells["18"] == ["15:00 МСК Ежемесячный вебинар"]

    meeting.unpublish()
    assert month_cells(client)["17"] == []


def test_the_kept_month_grid_marks_the_day_of_the_visit(client, settings, make_event, monkeypatch):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    make_event("Совещание", "2026-12-09 10:00", publish=True)
    url = "/kalendar/?view=month&month=2026-12"
    for day in (9, 10):
        now = datetime.datetime(2026, 12, day, 12, tzinfo=datetime.UTC)
        monkeypatch.setattr(timezone, "now", lambda now=now: now)
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        today = soup.select_one(".month-grid__day--today .month-grid__date")
        assert today.contents[0].strip() == str(day)


def test_a_month_drawn_once_reads_no_event_again(client, settings, make_event):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    make_event("Совещание", "2026-12-09 10:00")
    make_event(
        "Ежемесячный вебинар",
        "2026-09-16 15:00",
        frequency="monthly",
        repeat_until=datetime.date(2027, 5, 31),
    )
    url = "/kalendar/?view=month&month=2026-12"
    first = _count_queries(client, url)
    # Neither the month's events, nor the series' pages and their exceptions.
    assert _count_queries(client, url) == first - 3


def test_month_view_lists_the_days_with_events_for_narrow_screens(client, make_event):
    make_event("Совещание", "2026-12-09 10:00")
    visit = make_event("Выезд", "2026-12-02 00:00", hours=48, all_day=True)
    make_event("Конец ноября", "2026-11-30 10:00")  # in the grid's first week, not in December
    make_event(
        "Ежемесячный вебинар",
        "2026-09-16 15:00",
        frequency="monthly",
        repeat_until=datetime.date(2027, 5, 31),
    )
    soup = BeautifulSoup(client.get("/kalendar/?view=month&month=2026-12").content, "html.parser")
    days = soup.select_one(".month-days")
    assert [
        (heading.get_text(strip=True), heading.find_next_sibling("ul").get_text(" ", strip=True))
        for heading in days.select("h3")
    ] == [
        ("Среда, 2 декабря", "Выезд"),
        ("Четверг, 3 декабря", "Выезд"),
        ("Среда, 9 декабря", "10:00 МСК Совещание"),
        ("Среда, 16 декабря", "15:00 МСК Ежемесячный вебинар"),
    ]
    assert days.select_one("a")["href"] == visit.url
    # Headings under the month's name: the grid's h2.
    assert days.find_previous("h2").get_text() == "Декабрь 2026"


def test_month_grid_names_the_month_and_days_in_russian(client, make_event):
    make_event("Совещание", "2026-12-09 10:00")
    soup = BeautifulSoup(client.get("/kalendar/?view=month&month=2026-12").content, "html.parser")
    assert soup.select_one(".month-nav__title").get_text() == "Декабрь 2026"
    assert soup.select_one(".month-grid caption").get_text() == "Мероприятия: декабрь 2026"
    assert [abbr["title"] for abbr in soup.select(".month-grid thead abbr")] == [
        "понедельник",
        "вторник",
        "среда",
        "четверг",
        "пятница",
        "суббота",
        "воскресенье",
    ]
    # The hidden text of a date says it in the genitive: «9 декабря».
    day = soup.select_one(".month-grid__day:not(.month-grid__day--outside) .visually-hidden")
    assert day.get_text().strip() == "декабря"


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13", "soon"])
def test_a_month_outside_the_calendar_shows_the_current_one(client, make_event, month):
    make_event("Семинар", "2026-11-25 10:00")
    response = client.get(f"/kalendar/?view=month&month={month}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".month-grid caption").get_text(strip=True) == "Мероприятия: ноябрь 2026"


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "most"), [("/kalendar/", 19), ("/kalendar/?view=month&month=2026-12", 16)]
)
def test_queries_per_page_do_not_grow_with_the_number_of_events(
    client, make_event, audiences, organiser, url, most
):
    def add(count, start):
        for number in range(count):
            make_event(
                f"Событие {start + number}",
                f"2026-12-{1 + number % 28:02d} 10:00",
                audiences=list(audiences.values()),
                organiser=organiser,
            )

    add(5, 0)
    few = _count_queries(client, url + ("&" if "?" in url else "?") + "a=1")
    add(95, 5)
    many = _count_queries(client, url + ("&" if "?" in url else "?") + "a=2")
    assert many == few
    assert few <= most


def test_calendar_ics_honours_filters_and_parses(client, make_event, audiences):
    make_event("Математика", "2026-12-01 10:00", audiences=[audiences["matematika"]])
    make_event("Психологи", "2026-12-02 10:00", audiences=[audiences["psihologi"]])
    response = client.get("/kalendar/ics/?audience=matematika")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Математика"]


def test_calendar_ics_is_built_once_until_something_is_published(client, make_event):
    event = make_event("Семинар", "2026-12-01 10:00")

    def summaries():
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/kalendar/ics/").content
        events = icalendar.Calendar.from_ical(body).walk("VEVENT")
        return sorted(str(e["SUMMARY"]) for e in events), len(queries)

    first, built = summaries()
    again, cached = summaries()
    assert again == first == ["Семинар"]
    assert cached < built
    make_event("Вебинар", "2026-12-02 10:00")
    assert summaries()[0] == ["Вебинар", "Семинар"]
    event.title = "Семинар (перенесён)"
    event.save_revision().publish()
    assert summaries()[0] == ["Вебинар", "Семинар (перенесён)"]


def test_event_uid_stays_and_sequence_grows_when_the_event_is_republished(client, make_event):
    event = make_event("Семинар", "2026-12-01 10:00", publish=True)

    def parsed():
        body = client.get(f"/kalendar/{event.slug}/ics/").content
        (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
        return str(vevent["UID"]), vevent["SEQUENCE"], str(vevent["SUMMARY"])

    uid, sequence, _ = parsed()
    assert uid == f"event-{event.translation_key}@localhost"
    event.title = "Семинар (перенесён)"
    event.save_revision().publish()
    new_uid, new_sequence, summary = parsed()
    assert (new_uid, summary) == (uid, "Семинар (перенесён)")
    assert new_sequence > sequence


def test_event_ics_keeps_a_cyrillic_slug_in_the_file_name(client, make_event):
    event = make_event("Семинар", "2026-12-01 10:00", slug="семинар", publish=True)
    response = client.get(f"{event.url}ics/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('семинар.ics')}"
    assert client.get("/kalendar/ics/")["Content-Disposition"] == (
        'attachment; filename="calendar.ics"'
    )


def test_event_page_has_schema_org_json_ld_and_dates_of_the_series(client, make_event):
    make_event(
        "Методический час",
        "2026-09-16 15:00",
        frequency="quarterly",
        repeat_until=datetime.date(2027, 6, 30),
        summary="Разбор заданий ВПР",
        slug="chas",
    )
    response = client.get("/kalendar/chas/")
    soup = BeautifulSoup(response.content, "html.parser")
    data = json.loads(soup.select_one('head script[type="application/ld+json"]').string)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2026-09-16T15:00:00+03:00"
    assert data["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    dates = [li.get_text(" ", strip=True) for li in soup.select(".event-dates li")]
    assert len(dates) == 4 and dates[-1].startswith("16 июня 2027")


def test_home_page_lists_the_next_events(client, make_event):
    make_event("Прошедший", "2026-10-01 10:00")
    make_event("Ближайший", "2026-11-25 10:00")
    response = client.get("/")
    soup = BeautifulSoup(response.content, "html.parser")
    section = next(s for s in soup.select(".home-section") if "Ближайшие события" in s.get_text())
    assert [a.get_text(strip=True) for a in section.select(".item-list__item > a")] == ["Ближайший"]
    assert section.select_one(".more-link")["href"] == "/kalendar/"


def test_month_links_stop_at_the_months_with_events(client, make_event):
    make_event("Совещание", "2026-12-09 10:00")
    december = BeautifulSoup(
        client.get("/kalendar/?view=month&month=2026-12").content, "html.parser"
    )
    assert december.select_one('.month-nav a[rel="next"]') is None
    assert december.select_one('.month-nav a[rel="prev"]') is not None
    november = BeautifulSoup(
        client.get("/kalendar/?view=month&month=2026-11").content, "html.parser"
    )
    assert november.select_one('.month-nav a[rel="prev"]') is None
