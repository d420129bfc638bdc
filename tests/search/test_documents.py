"""What the site indexes (``search.documents``) and how the index follows the site's changes
(``search.signals``), with the recording backend of ``fakes``."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from events.models import Audience, Organisation
from search.backends.base import Kind
from search.documents import all_documents, documents_for
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MaterialFactory,
    PracticePageFactory,
    SchoolFactory,
    SchoolIndexPageFactory,
    SchoolPageFactory,
    StandardPageFactory,
)
from tests.search.fakes import FakeBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(fake_backend):
    return fake_backend


def nth(terms, name, n=0):
    """The ``n``-th term of a taxonomy (by slug order), going round."""
    values = [terms[name][slug] for slug in sorted(terms[name])]
    return values[n % len(values)]


def practice(bank, terms, n=0, **fields):
    return PracticePageFactory(
        parent=bank,
        levels=[nth(terms, "levels", n)],
        subjects=[nth(terms, "subjects", n)],
        directions=[nth(terms, "directions", n)],
        **fields,
    )


def by_key(documents):
    return {document.key: document for document in documents}


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )


# --- What a document holds ------------------------------------------------------------------


def test_practice_document_has_card_text_and_facet_slugs(bank, terms):
    page = practice(
        bank,
        terms,
        title="Формирующее оценивание на уроках",
        annotation="Учителя дают обратную связь каждый урок.",
        problem="Ученики не понимают критериев.",
        description=[
            ("paragraph", "<p>Листы <b>самооценки</b> в конце урока.</p>"),
            ("steps", [{"title": "Договориться о критериях", "text": "<p>С классом.</p>"}]),
            ("quote", {"text": "Дети стали спрашивать чаще.", "source": "Завуч"}),
        ],
        results=[("result", {"effect": "Средний балл ВПР вырос", "evidence": "<p>На 0,4.</p>"})],
        resources="Раздаточные карточки.",
        grade_from=5,
        grade_to=7,
    )

    [document] = documents_for([page])

    assert document.key == f"page:{page.pk}"
    assert document.kind == Kind.PRACTICE
    assert document.title == "Формирующее оценивание на уроках"
    assert document.url == page.url
    page.refresh_from_db()
    assert document.date == timezone.localdate(page.first_published_at)
    for text in (
        "Учителя дают обратную связь",
        "Ученики не понимают критериев.",
        "Листы самооценки в конце урока.",
        "Договориться о критериях",
        "С классом.",
        "Дети стали спрашивать чаще.",
        "Средний балл ВПР вырос",
        "На 0,4.",
        "Раздаточные карточки.",
        "5–7 классы",
        page.school.short_name,
        nth(terms, "subjects").name,
    ):
        assert text in document.body
    assert "<" not in document.body
    assert document.facets == {
        "kind": ["pedagogical"],
        "level": [nth(terms, "levels").slug],
        "subject": [nth(terms, "subjects").slug],
        "direction": [nth(terms, "directions").slug],
    }


def test_event_document_has_description_audiences_and_event_date(home):
    calendar = EventIndexPageFactory(parent=home, title="Календарь", publish=False)
    start = datetime.datetime(2026, 12, 3, 23, 30, tzinfo=datetime.UTC)  # 4 December in Moscow
    event = EventPageFactory(
        parent=calendar,
        title="Семинар по читательской грамотности",
        summary="Разбираем задания PISA.",
        place="Актовый зал института",
        body=[("paragraph", "<p>Приносите результаты диагностики.</p>")],
        expected_result="План работы на четверть.",
        start=start,
        end=start + datetime.timedelta(hours=2),
        event_type="seminar",
        event_format="in-person",
        organiser=Organisation.objects.create(name="Центр оценки качества", slug="tsoko"),
        audiences=[Audience.objects.create(name="учителя литературы", slug="literatura")],
    )

    [document] = documents_for([event])

    assert document.kind == Kind.EVENT
    assert document.date == datetime.date(2026, 12, 4)
    for text in (
        "Разбираем задания PISA.",
        "Актовый зал",
        "Центр оценки качества",
        "учителя литературы",
        "Приносите результаты",
        "План работы",
    ):
        assert text in document.body


def test_school_document_has_name_address_and_summary(home):
    index = SchoolIndexPageFactory(parent=home)
    school = SchoolFactory(short_name="МОУ «Лесная СОШ»", address="пос. Лесной, ул. Школьная, 1")
    page = SchoolPageFactory(
        parent=index,
        title="Лесная школа",
        slug="lesnaya",
        school=school,
        summary="Учим читать с удовольствием.",
    )

    [document] = documents_for([page])

    assert document.kind == Kind.SCHOOL
    for text in ("МОУ «Лесная СОШ»", "ул. Школьная", "Учим читать с удовольствием."):
        assert text in document.body


def test_material_document_has_description_theme_and_type(db):
    from practices.models import Direction

    theme = Direction.objects.order_by("pk").first()
    material = MaterialFactory(
        title="Критериальное оценивание", description="Слайды вебинара для учителей.", theme=theme
    )

    [document] = documents_for([material])

    assert document.key == f"material:{material.pk}"
    assert document.kind == Kind.MATERIAL
    assert document.url == material.url
    assert document.date == timezone.localdate(material.created_at)
    for text in ("Слайды вебинара для учителей.", theme.name, "презентация"):
        assert text in document.body


def test_other_pages_have_the_text_of_their_stream(home):
    page = StandardPageFactory(
        parent=home,
        title="О проекте",
        intro="Поддержка школ с низкими результатами.",
        body=[
            ("heading", {"text": "Кому мы помогаем", "level": "h2"}),
            ("paragraph", "<p>Школам <i>Ленинградской</i> области.</p>"),
            ("callout", {"tone": "info", "title": "Важно", "text": "<p>Заявки до мая.</p>"}),
        ],
    )

    [document] = documents_for([page])

    assert document.kind == Kind.PAGE
    for text in ("Поддержка школ", "Кому мы помогаем", "Школам Ленинградской области.", "мая"):
        assert text in document.body
    assert "h2" not in document.body.split()
    assert "info" not in document.body.split()


def test_drafts_restricted_pages_and_restricted_collections_are_left_out(home):
    public = StandardPageFactory(parent=home, title="Открытая")
    draft = StandardPageFactory(parent=home, title="Черновик", live=False, publish=False)
    closed = StandardPageFactory(parent=home, title="Закрытая")
    below_closed = StandardPageFactory(parent=closed, title="Под закрытой")
    restrict(closed)
    alias = public.create_alias(parent=home, update_slug="kopiya")
    assert alias.live
    secret = Collection.get_first_root_node().add_child(name="Для экспертов")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type=CollectionViewRestriction.PASSWORD, password="секрет"
    )
    inside = secret.add_child(name="Черновики")
    shown = MaterialFactory()
    hidden = [MaterialFactory(collection=secret), MaterialFactory(collection=inside)]

    objects = [public, draft, closed, below_closed, alias, shown, *hidden]
    keys = set(by_key(documents_for(objects)))

    assert keys == {f"page:{public.pk}", f"material:{shown.pk}"}
    assert set(by_key(all_documents())) == keys | {f"page:{home.pk}"}


def test_all_documents_in_chunks_gives_every_document_once(bank, terms):
    practices = [practice(bank, terms, n) for n in range(5)]
    materials = [MaterialFactory() for _ in range(3)]

    whole = list(all_documents())
    chunked = list(all_documents(chunk_size=2))

    assert [d.key for d in chunked] == [d.key for d in whole]
    assert len(whole) == len({d.key for d in whole})
    keys = {d.key for d in whole}
    assert {f"page:{p.pk}" for p in practices} <= keys
    assert {f"material:{m.pk}" for m in materials} <= keys


def test_number_of_queries_does_not_grow_with_the_number_of_objects(bank, terms):
    def queries():
        with CaptureQueriesContext(connection) as context:
            documents = list(all_documents())
        return len(context.captured_queries), len(documents)

    practice(bank, terms, 0)
    MaterialFactory()
    few, few_documents = queries()
    for n in range(1, 8):
        practice(bank, terms, n)
        MaterialFactory()
        StandardPageFactory(parent=bank.get_parent(), body=[("paragraph", "<p>Текст.</p>")])
    many, many_documents = queries()

    assert many_documents == few_documents + 21
    assert many <= few + 1  # the standard pages' class is one more query


# --- Keeping the index current --------------------------------------------------------------


def test_publishing_indexes_and_unpublishing_removes(backend, bank, terms):
    page = practice(bank, terms, title="Наставничество молодых учителей")
    key = f"page:{page.pk}"
    assert backend.documents[key].title == "Наставничество молодых учителей"
    assert backend.documents[key].kind == Kind.PRACTICE

    page.title = "Наставничество: новая редакция"
    page.save_revision().publish()
    assert backend.documents[key].title == "Наставничество: новая редакция"

    page.unpublish()
    assert key not in backend.documents


def test_deleting_a_page_removes_it_and_its_children(backend, home):
    parent = StandardPageFactory(parent=home)
    child = StandardPageFactory(parent=parent)
    assert {f"page:{parent.pk}", f"page:{child.pk}"} <= set(backend.documents)

    parent.delete()

    assert f"page:{parent.pk}" not in backend.documents
    assert f"page:{child.pk}" not in backend.documents


def test_moving_under_a_restricted_page_removes_and_moving_back_reindexes(backend, home):
    closed = StandardPageFactory(parent=home, slug="zakryto")
    restrict(closed)
    page = StandardPageFactory(parent=home, slug="perenos")
    child = StandardPageFactory(parent=page, slug="vnutri")
    keys = {f"page:{page.pk}", f"page:{child.pk}"}
    assert keys <= set(backend.documents)

    page.move(closed, pos="last-child")
    assert not keys & set(backend.documents)

    other = StandardPageFactory(parent=home, slug="otkryto")
    page.refresh_from_db()
    page.move(other, pos="last-child")
    assert keys <= set(backend.documents)
    assert backend.documents[f"page:{child.pk}"].url == "/otkryto/perenos/vnutri/"


def test_restricting_and_opening_a_page_follows_its_subtree(backend, home):
    page = StandardPageFactory(parent=home)
    child = StandardPageFactory(parent=page)
    keys = {f"page:{page.pk}", f"page:{child.pk}"}

    restriction = restrict(page)
    assert not keys & set(backend.documents)

    restriction.delete()
    assert keys <= set(backend.documents)


def test_changing_a_slug_updates_the_urls_below(backend, home, django_capture_on_commit_callbacks):
    page = StandardPageFactory(parent=home, slug="staryy")
    child = StandardPageFactory(parent=page, slug="rebenok")

    page.slug = "novyy"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert backend.documents[f"page:{child.pk}"].url == "/novyy/rebenok/"


def test_materials_are_indexed_on_save_and_removed_on_delete_or_restriction(backend):
    material = MaterialFactory(title="Методические рекомендации по ВСОКО")
    key = f"material:{material.pk}"
    assert backend.documents[key].title == "Методические рекомендации по ВСОКО"

    secret = Collection.get_first_root_node().add_child(name="Закрытые")
    material.collection = secret
    material.save()
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type=CollectionViewRestriction.PASSWORD, password="секрет"
    )
    assert key not in backend.documents

    other = MaterialFactory()
    other_key = f"material:{other.pk}"
    assert other_key in backend.documents
    other.delete()
    assert other_key not in backend.documents


def test_publishing_costs_one_backend_call(backend, bank, terms, monkeypatch):
    calls = []
    monkeypatch.setattr(FakeBackend, "index", lambda self, docs: calls.append(len(docs)))

    practice(bank, terms)

    assert calls == [1]


def test_without_a_configured_backend_nothing_is_indexed(settings, home):
    settings.PORTAL_SEARCH_BACKEND = "tests.search.fakes.FakeBackend"
    del settings.PORTAL_SEARCH_BACKEND
    FakeBackend.reset()

    page = StandardPageFactory(parent=home)
    page.unpublish()
    MaterialFactory().delete()

    assert FakeBackend.documents == {}


def test_a_failing_backend_does_not_stop_publishing(backend, home, monkeypatch, caplog):
    def fail(self, documents):
        raise ConnectionError("Elasticsearch недоступен")

    monkeypatch.setattr(FakeBackend, "index", fail)

    page = StandardPageFactory(parent=home, title="Публикуется всё равно")

    page.refresh_from_db()
    assert page.live
    assert "Поисковый индекс не обновлён" in caplog.text
