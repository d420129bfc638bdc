"""Absolute addresses lead to the demo server: the host and port `make demo` serves on.

`make demo` runs `manage.py demo_site HOST PORT`; the calendar's feeds, its JSON-LD and its
e-mails, the collection PDF and the editors' reminders must then name that server, and every
path they name must open on it.
"""

import datetime
import io
import json
import re
from urllib.parse import urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Site

from practices.models import CollectionPractice
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    PracticeCollectionPageFactory,
    PracticePageFactory,
)

HOST, PORT = "127.0.0.1", 8123
ORIGIN = f"http://{HOST}:{PORT}"


@pytest.fixture
def demo_site(home):
    """The default Site after `make demo PORT=8123`."""
    call_command("demo_site", HOST, str(PORT), stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def server(client):
    """A client that calls the demo server by the address a browser would."""
    client.defaults["HTTP_HOST"] = f"{HOST}:{PORT}"
    return client


def opens(client, url):
    """Whether ``url`` names the demo server and its path opens there."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        return False
    return client.get(parts.path).status_code == 200


@pytest.fixture
def event(demo_site):
    calendar = EventIndexPageFactory(parent=demo_site.root_page)
    return EventPageFactory(
        parent=calendar,
        title="Семинар",
        slug="seminar",
        registration_mode="form",
        registration_deadline=timezone.now() + datetime.timedelta(days=5),
    )


def test_demo_site_takes_the_host_and_port_and_keeps_a_changed_port(demo_site):
    assert demo_site.root_url == ORIGIN
    call_command("demo_site", HOST, "8000", stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).root_url == f"http://{HOST}:8000"


def test_ics_url_and_uid_name_the_demo_server(server, event):
    feed = icalendar.Calendar.from_ical(server.get("/kalendar/ics/").content)
    [component] = feed.walk("VEVENT")
    assert str(component["UID"]).endswith(f"@{HOST}")
    assert opens(server, str(component["URL"]))


def test_json_ld_url_names_the_demo_server(server, event):
    soup = BeautifulSoup(server.get(event.url).content, "html.parser")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert opens(server, data["url"])


def test_the_registration_e_mail_links_to_the_demo_server(server, event):
    form = {
        "name": "Иванова Мария Петровна",
        "email": "teacher@school.example",
        "organisation": "МОУ СОШ № 5",
        "role": "учитель",
        "consent": "on",
    }
    assert server.post(event.url, form).status_code == 302
    [message] = mail.outbox
    urls = re.findall(r"https?://\S+", message.body)
    assert ORIGIN + event.url in urls
    assert all(url.startswith(ORIGIN + event.url) for url in urls)
    assert opens(server, ORIGIN + event.url)


def test_the_collection_pdf_prints_addresses_on_the_demo_server(server, demo_site, bank):
    practice = PracticePageFactory(parent=bank, title="Наставничество", slug="nastavnichestvo")
    PracticeCollectionPageFactory(
        parent=bank,
        slug="sbornik",
        chosen_practices=[CollectionPractice(practice=practice, sort_order=0)],
    )
    reader = PdfReader(io.BytesIO(server.get("/praktiki/sbornik/pdf/").content))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    address = f"{ORIGIN}/praktiki/nastavnichestvo/"
    assert address in text
    assert opens(server, address)
