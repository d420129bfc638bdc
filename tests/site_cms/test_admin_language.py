"""The admin speaks Russian: the screens of the registry, roadmaps, the shell, subjects and
task descriptions, as an administrator sees them through HTTP.

What counts is what a person reads: the visible text (no scripts or styles) and the labels of
the StreamField blocks, which the page carries as JSON for the editor's script.
"""

import html
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from curriculum.models import Subject
from tests.factories import (
    NetworkPairFactory,
    RoadmapPageFactory,
    SchoolCodeFactory,
    SchoolFactory,
    SchoolStatusFactory,
    StandardPageFactory,
    TaskDescriptionFactory,
)

# Words Wagtail or Django fall back to when a name is missing or a phrase is untranslated.
ENGLISH = [
    "School",
    "Basis",
    "Image",
    "Add",
    "Edit",
    "Delete",
    "None",
    "items",
    "Search",
    "Status",
    "Code",
    "Sign in",
    "Wagtail",
]
ENGLISH_WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b")
# «Добавить школа», «19 школы», «12 сетевые пары», «По год», «Добавить Авторы»: Wagtail's
# phrases with the names in the nominative (an inline panel's capitalised label after «Add»).
# A nominative plural agrees only with numbers ending in 2–4 (not 12–14).
BROKEN_FORMS = re.compile(
    r"Добавить (школа|сетевая пара|[А-ЯЁ])"
    r"|\b(\d*1\d|\d*[05-9]) (школы|сетевые пары|статусы|муниципалитеты|учебные предметы"
    r"|описания)\b|\d+ (Учебные|Описания)|По год\b"
)


def visible_text(response):
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in [*soup(["script", "style", "template", "noscript"]), *soup(hidden=True)]:
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def block_labels(response):
    """The labels of the StreamField blocks the editor's script shows."""
    content = html.unescape(response.content.decode())
    return set(re.findall(r'"label": ?"([^"]*)"', content))


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    return client


@pytest.fixture
def registry(home):
    """Five schools, one with two logins and statuses in two school years; two network pairs."""
    schools = SchoolFactory.create_batch(5)
    school = schools[0]
    SchoolCodeFactory(school=school, code="edu470999")
    SchoolStatusFactory(school=school, school_year=2023, order_number="214")
    SchoolStatusFactory(school=school, school_year=2024, order_number="", rule="Правило А")
    NetworkPairFactory(supported_school=schools[1], leader_school=schools[2])
    NetworkPairFactory(supported_school=schools[3], leader_school=schools[4])
    return school


@pytest.fixture
def admin_pages(home, registry):
    """Every admin screen of these apps: listings, forms, the page editors."""
    roadmap = RoadmapPageFactory(parent=home)
    page = StandardPageFactory(parent=home)
    subject = Subject.objects.first()
    description = TaskDescriptionFactory()
    status = registry.statuses.first()
    return [
        reverse("school:index"),
        reverse("school:add"),
        reverse("school:edit", args=[registry.pk]),
        reverse("municipality:index"),
        reverse("municipality:edit", args=[registry.municipality_id]),
        reverse("schoolstatus:index"),
        reverse("schoolstatus:add"),
        reverse("schoolstatus:edit", args=[status.pk]),
        reverse("networkpair:index"),
        reverse("networkpair:add"),
        reverse("school_freshness"),
        reverse("wagtailadmin_pages:edit", args=[roadmap.pk]),
        reverse("roadmaps_import", args=[roadmap.pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        reverse("wagtailsettings:edit", args=["site_cms", "institutesettings", home.get_site().pk]),
        reverse("wagtailsnippets_curriculum_subject:list"),
        reverse("wagtailsnippets_curriculum_subject:edit", args=[subject.pk]),
        reverse("taskdescription:index"),
        reverse("taskdescription:edit", args=[description.pk]),
        reverse("skills_report"),
    ]


def test_admin_screens_have_no_english_words_and_no_broken_forms(admin_client, admin_pages):
    problems = {}
    for url in admin_pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response)
        english = set(ENGLISH_WORD.findall(text))
        english |= {label for label in block_labels(response) if label in ENGLISH}
        broken = {match.group(0) for match in BROKEN_FORMS.finditer(text)}
        if english or broken:
            problems[url] = sorted(english | broken)
    assert problems == {}


def test_listings_count_and_add_in_russian(admin_client, registry):
    schools = visible_text(admin_client.get(reverse("school:index")))
    assert "Добавить школу" in schools
    assert "5 школ" in schools
    pairs = visible_text(admin_client.get(reverse("networkpair:index")))
    assert "Добавить сетевую пару" in pairs
    assert "2 сетевые пары" in pairs
    subjects = visible_text(admin_client.get(reverse("wagtailsnippets_curriculum_subject:list")))
    count = Subject.objects.count()
    assert re.search(rf"\b{count} учебн(ый предмет|ых предмета|ых предметов)\b", subjects)
    assert "Добавить учебный предмет" in subjects


def test_statuses_show_the_school_year_and_basis_in_russian(admin_client, registry):
    soup = BeautifulSoup(admin_client.get(reverse("schoolstatus:index")).content, "html.parser")
    headers = [th.get_text(" ", strip=True) for th in soup.select("thead th")]
    assert headers[-4:] == ["Школа", "Статус", "Учебный год", "Основание"]
    rows = [" ".join(row.get_text(" ").split()) for row in soup.select("tbody tr")]
    assert any("2024/2025" in row and "Правило А" in row for row in rows)
    assert any("2023/2024" in row and "приказ № 214 от 30.08.2023" in row for row in rows)


def test_the_school_form_edits_its_logins_and_statuses(admin_client, registry):
    url = reverse("school:edit", args=[registry.pk])
    response = admin_client.get(url)
    text = visible_text(response)
    assert "Логины ФИС ОКО" in text
    assert "Статусы по учебным годам" in text
    soup = BeautifulSoup(response.content, "html.parser")
    years = [
        soup.select_one(f'select[name="statuses-{index}-school_year"] option[selected]').text
        for index in range(2)
    ]
    assert sorted(years) == ["2023/2024", "2024/2025"]
    form = {
        "short_name": registry.short_name,
        "full_name": registry.full_name,
        "kind": registry.kind,
        "municipality": registry.municipality_id,
        "settlement": "",
        "address": "",
        "website": "",
        "email": "",
        "phone": "",
    }
    codes = list(registry.codes.order_by("pk"))
    statuses = list(registry.statuses.order_by("pk"))
    form |= management("codes", codes, ["code"])
    status_fields = ["school_year", "status", "order_number", "order_date", "rule", "note"]
    form |= management("statuses", statuses, status_fields)
    form["codes-2-code"] = "SCH470777"  # a new login, written as people do
    form["codes-TOTAL_FORMS"] = str(len(codes) + 1)
    form["statuses-1-DELETE"] = "1"
    response = admin_client.post(url, form)
    assert response.status_code == 302, visible_text(response)
    assert set(registry.codes.values_list("code", flat=True)) == {
        codes[0].code,
        "edu470999",
        "sch470777",
    }
    assert list(registry.statuses.values_list("school_year", flat=True)) == [2023]


def management(prefix, objects, fields):
    """The inline formset's data for ``objects`` as they are."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(objects)),
        f"{prefix}-INITIAL_FORMS": str(len(objects)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, obj in enumerate(objects):
        data[f"{prefix}-{index}-id"] = str(obj.pk)
        for field in fields:
            value = getattr(obj, field)
            data[f"{prefix}-{index}-{field}"] = "" if value is None else str(value)
    return data


def test_the_admin_is_branded_with_the_institute_and_has_no_gravatar(admin_client, home):
    response = admin_client.get(reverse("wagtailadmin_home"))
    content = response.content.decode()
    soup = BeautifulSoup(content, "html.parser")
    assert "Портал поддержки школ" in soup.title.get_text()
    assert "Wagtail" not in soup.title.get_text()
    assert "img/favicon.svg" in content
    branding = soup.find("template", attrs={"data-wagtail-sidebar-branding-logo": True})
    assert "portal-admin-logo" in str(branding)
    assert "gravatar" not in content


def test_the_login_page_names_the_portal(client, home):
    response = client.get(reverse("wagtailadmin_login"))
    text = visible_text(response)
    assert "Вход в редакцию портала" in text
    assert "Wagtail" not in text
    assert "portal-admin-logo" in response.content.decode()


PROJECT_APPS = {
    "attendance",
    "curriculum",
    "events",
    "indicators",
    "practices",
    "roadmaps",
    "schools",
    "site_cms",
    "skills",
    "support",
}


def test_every_listing_of_the_project_counts_in_russian(admin_client):
    """Each listing of the project's models has its add button and count in Russian: Wagtail's
    own phrase would read «Добавить Аудитория мероприятий», «9 Аудитории мероприятий»."""
    from django.urls import get_resolver
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    get_resolver().resolve("/admin/")  # loading the admin's URLs registers the viewsets
    ours = [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet) and viewset.model._meta.app_label in PROJECT_APPS
    ]
    assert len(ours) >= 15
    assert [type(v).__name__ for v in ours if not getattr(v, "count_forms", None)] == []
    audiences = visible_text(admin_client.get(reverse("wagtailsnippets_events_audience:list")))
    assert "Добавить аудиторию" in audiences
    factors = visible_text(admin_client.get(reverse("wagtailsnippets_practices_riskfactor:list")))
    assert "Добавить фактор риска" in factors
