"""«Сборник лучших практик»: what it holds, its page, its PDF for visitors and for editors."""

import io
import re
from pathlib import Path
from unittest import mock

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from practices.collection_pdf import LocalFilesFetcher, media_name
from practices.models import CollectionPractice, PracticeAuthor
from site_cms.models import InstituteSettings
from tests.factories import PracticeCollectionPageFactory, PracticePageFactory

URL = "/praktiki/sbornik-2026/"
PDF_URL = URL + "pdf/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Typeset files and image renditions go to a folder of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path)


def make_collection(bank, practices=(), *, publish=True, **fields):
    collection = PracticeCollectionPageFactory(
        parent=bank,
        chosen_practices=[
            CollectionPractice(practice=practice, sort_order=index)
            for index, practice in enumerate(practices)
        ],
        publish=publish,
        live=publish,
        **({"title": "Сборник лучших практик 2026", "slug": "sbornik-2026"} | fields),
    )
    if not publish:
        collection.save_revision()  # a draft waiting for its publication
    return collection


def practice(bank, title, **fields):
    return PracticePageFactory(parent=bank, title=title, **fields)


def contents_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".collection-contents__title a")]


def pdf_of(response):
    return PdfReader(io.BytesIO(response.content))


def outline_titles(reader):
    return [item.title for item in reader.outline if not isinstance(item, list)]


# --- What a collection holds -----------------------------------------------------------------


def test_chosen_practices_in_the_editors_order_and_only_published(client, bank):
    first, second, third = (practice(bank, f"Практика {name}") for name in "АБВ")
    hidden = practice(bank, "Снятая с публикации")
    hidden.unpublish()
    make_collection(bank, [third, first, hidden, second])
    response = client.get(URL)
    assert response.status_code == 200
    assert contents_titles(response) == ["Практика В", "Практика А", "Практика Б"]
    assert "Практики школ региона" in response.text


def test_without_chosen_practices_the_bank_filter_decides(client, bank, terms):
    noo, ooo = terms["levels"]["noo"], terms["levels"]["ooo"]
    direction = next(iter(terms["directions"].values()))
    practice(bank, "Начальная школа и направление", levels=[noo], directions=[direction])
    practice(bank, "Начальная школа без направления", levels=[noo])
    practice(bank, "Основная школа и направление", levels=[ooo], directions=[direction])
    make_collection(
        bank, filter_query=f"https://portal.example/praktiki/?level=noo&direction={direction.slug}"
    )
    assert contents_titles(client.get(URL)) == ["Начальная школа и направление"]


def test_an_empty_filter_takes_the_whole_bank_newest_first(client, bank):
    practice(bank, "Старая")
    practice(bank, "Новая")
    make_collection(bank)
    assert contents_titles(client.get(URL)) == ["Новая", "Старая"]


# --- The PDF -----------------------------------------------------------------------------------


@pytest.fixture
def book(bank):
    """A collection of three practices, one with an image, a video, steps, a quote, results."""
    institute = InstituteSettings.for_site(bank.get_site())
    institute.name = "Институт развития образования"
    institute.save()
    image = wagtail_factories.ImageFactory(title="Урок")
    rich = practice(
        bank,
        "Формирующее оценивание на уроках математики",
        description=[
            ("heading", {"text": "Как проводится", "level": "h2"}),
            ("paragraph", "<p>Учитель договаривается с классом о критериях.</p>"),
            ("steps", [{"title": "Критерии на доске", "text": "<p>До начала работы.</p>"}]),
            ("image", {"image": image, "caption": "Лист самооценки"}),
            ("video", {"embed": "https://rutube.ru/video/0123456789abcdef/", "caption": "Урок"}),
            ("quote", {"text": "Дети перестали бояться ошибок.", "source": "учитель"}),
        ],
        results=[
            ("result", {"effect": "Доля «двоек» по ВПР снизилась", "evidence": "<p>ФИС ОКО</p>"})
        ],
        resources="Проектор, распечатки.",
        expert_conclusion="Рекомендуется к распространению.",
        expert_conclusion_date="2026-03-10",
        evidence_level=2,
        teacher_hours_per_month=8,
        results_after=2,
        results_after_unit="months",
        first_steps="Договориться о критериях\nПровести пробный урок",
        difficulties="Дети сначала оценивали себя слишком высоко.",
    )
    PracticeAuthor.objects.create(
        page=rich, name="Согласная Автор", position="учитель", consent_to_publish=True
    )
    PracticeAuthor.objects.create(page=rich, name="Несогласный Автор", consent_to_publish=False)
    others = [practice(bank, "Родительский всеобуч"), practice(bank, "Наставничество школ-пар")]
    return make_collection(bank, [rich, *others])


def test_visitors_download_a_typeset_book_with_contents_and_bookmarks(client, book):
    response = client.get(PDF_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sbornik-2026.pdf"'
    reader = pdf_of(response)
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "ИНСТИТУТ РАЗВИТИЯ ОБРАЗОВАНИЯ" in cover  # set in capitals
    assert "Сборник лучших практик 2026" in cover
    assert "3 практики" in cover
    assert reader.metadata.title == "Сборник лучших практик 2026"
    titles = [
        "Формирующее оценивание на уроках математики",
        "Родительский всеобуч",
        "Наставничество школ-пар",
    ]
    assert outline_titles(reader) == ["Содержание", "Предисловие", *titles]
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in titles:
        assert title in text
    assert "Согласная Автор" in text
    assert "Несогласный" not in text
    assert "https://rutube.ru/video/0123456789abcdef/" in text
    assert "стр. 2" in text

    # The contents page gives each practice the page its bookmark points to.
    contents = reader.pages[1].extract_text()
    starts = {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    for title in titles:
        assert re.search(re.escape(title) + r"[\s.]*" + str(starts[title]) + r"\b", contents)
    assert starts[titles[0]] < starts[titles[1]] < starts[titles[2]]


def test_every_practice_in_the_book_and_on_the_page_carries_the_three_marks(client, book):
    text = " ".join(
        " ".join(page.extract_text() for page in pdf_of(client.get(PDF_URL)).pages).split()
    ).replace("\u2010 ", "")  # words the narrow label column hyphenates, joined again
    assert "Сила доказательств 2 из 3 — Изменения сравнили с похожими классами" in text
    assert "Затраты Средние затраты (8 ч работы учителей в месяц)" in text
    assert "Первые результаты через 2 месяца" in text
    assert "Сила доказательств не оценена экспертами" in text  # the two others
    assert "Как начать" in text and "Провести пробный урок" in text
    page = BeautifulSoup(client.get(book.url).content, "html.parser")
    marks = [" ".join(p.get_text().split()) for p in page.select(".collection-contents__marks")]
    assert marks == [
        "Доказательства: 2 из 3 · средние затраты · первые результаты через 2 месяца",
        "Доказательства: не оценены · затраты не указаны · срок не указан",
        "Доказательства: не оценены · затраты не указаны · срок не указан",
    ]


def test_sections_of_a_practice_are_nested_bookmarks(client, book):
    reader = pdf_of(client.get(PDF_URL))
    outline = reader.outline
    first = outline.index(next(i for i in outline if getattr(i, "title", "").startswith("Форм")))
    sections = [item.title for item in outline[first + 1]]
    assert sections[:2] == ["Какую проблему решает", "Описание практики"]
    assert "Экспертное заключение" in sections


def test_a_draft_collection_is_not_downloadable(client, bank):
    make_collection(bank, [practice(bank, "Практика")], publish=False)
    assert client.get(URL).status_code == 404
    assert client.get(PDF_URL).status_code == 404


def test_a_collection_without_published_practices_has_no_pdf(client, bank):
    make_collection(bank, filter_query="level=soo")
    page = client.get(URL)
    assert "Скачать PDF" not in page.text
    assert client.get(PDF_URL).status_code == 404


PREPARING = "Сборник в PDF готовится, загляните через несколько минут."


def test_publishing_builds_the_book_and_downloads_never_typeset(client, book, settings):
    stored = list((Path(settings.MEDIA_ROOT) / "collections" / str(book.pk)).iterdir())
    assert len(stored) == 1  # typeset when the collection was published
    with mock.patch("practices.collection_pdf.HTML") as typesetter:
        response = client.get(PDF_URL)
        page = client.get(URL)
    typesetter.assert_not_called()
    assert response.status_code == 200
    assert response.content == stored[0].read_bytes()
    # Served from the stored file, not from the page cache, which keeps HTML pages only.
    assert "X-Page-Cache" not in response
    assert re.search(r"Скачать PDF.*\d+(,\d)?\s(КБ|МБ|KB|MB)", page.text.replace("\xa0", " "), re.S)
    assert PREPARING not in page.text


def test_while_the_worker_builds_the_book_the_page_and_the_link_say_so(client, bank, task_queue):
    make_collection(bank, [practice(bank, "Практика")])
    assert task_queue.names().count("build_collection_pdf") == 1

    with mock.patch("practices.collection_pdf.HTML") as typesetter:
        page = client.get(URL)
        download = client.get(PDF_URL)
    typesetter.assert_not_called()
    assert page.status_code == 200
    assert PREPARING in page.text
    assert "Скачать PDF" not in page.text
    assert download.status_code == 503
    assert download["Retry-After"] == "120"
    assert download["Content-Type"].startswith("text/html")
    assert PREPARING in download.text

    task_queue.run()
    assert client.get(PDF_URL)["Content-Type"] == "application/pdf"
    page = client.get(URL)  # the copy cached while the book was being built is stale now
    assert "Скачать PDF" in page.text
    assert PREPARING not in page.text


def test_a_visitor_who_finds_the_book_missing_queues_one_build(client, book, settings, task_queue):
    for file in (Path(settings.MEDIA_ROOT) / "collections" / str(book.pk)).iterdir():
        file.unlink()  # as after a change no signal reports

    assert client.get(PDF_URL).status_code == 503
    assert client.get(URL).status_code == 200
    assert client.get(PDF_URL).status_code == 503
    assert task_queue.names() == ["build_collection_pdf"]

    task_queue.run()
    assert pdf_of(client.get(PDF_URL)).outline


def test_a_new_layout_typesets_the_books_again(client, book, monkeypatch, task_queue):
    """A release that changes the stylesheet or template must not keep serving old books."""
    from practices import collection_pdf

    assert client.get(PDF_URL).status_code == 200
    monkeypatch.setattr(collection_pdf, "layout_digest", lambda: "another-layout")
    assert client.get(PDF_URL).status_code == 503
    assert task_queue.names() == ["build_collection_pdf"]
    task_queue.run()
    assert client.get(PDF_URL).status_code == 200


def test_unpublishing_a_practice_queues_the_book_without_it(client, book, task_queue):
    gone = book.chosen_practices.last().practice
    gone.unpublish()
    assert task_queue.names().count("build_collection_pdf") == 1
    assert client.get(PDF_URL).status_code == 503  # the book with it is not given out

    task_queue.run()
    assert gone.title not in outline_titles(pdf_of(client.get(PDF_URL)))


def test_publishing_a_changed_practice_typesets_the_book_anew(client, book, settings):
    folder = Path(settings.MEDIA_ROOT) / "collections" / str(book.pk)
    changed = book.chosen_practices.first().practice
    changed.title = "Формирующее оценивание: вторая редакция"
    changed.save_revision().publish()
    text = "".join(p.extract_text() for p in pdf_of(client.get(PDF_URL)).pages)
    assert "вторая редакция" in text
    assert len(list(folder.iterdir())) == 1  # the outdated book is removed


def test_queries_do_not_grow_with_the_number_of_practices(
    client, bank, django_assert_max_num_queries
):
    def download_queries(count, slug):
        practices = [practice(bank, f"{slug} {n}") for n in range(count)]
        make_collection(bank, practices, slug=slug)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/praktiki/{slug}/pdf/").status_code == 200
        with CaptureQueriesContext(connection) as page_queries:
            assert client.get(f"/praktiki/{slug}/").status_code == 200
        return len(queries), len(page_queries)

    small = download_queries(3, "tri")
    large = download_queries(15, "pyatnadtsat")
    assert large == small
    with django_assert_max_num_queries(small[0]):
        client.get("/praktiki/tri/pdf/")


# --- Editors ---------------------------------------------------------------------------------


def institute_editor():
    user = get_user_model().objects.create_user("editor", password="pw")
    user.groups.add(Group.objects.get(name="Редакторы института"))
    return user


def test_editors_preview_the_pdf_of_a_draft_from_the_admin(client, bank):
    chosen = practice(bank, "Практика черновика")
    collection = make_collection(bank, [chosen], publish=False)
    client.force_login(institute_editor())
    edit = client.get(f"/admin/pages/{collection.pk}/edit/")
    preview_url = f"/admin/practices/collections/{collection.pk}/pdf/"
    assert preview_url in edit.text
    assert "Предпросмотр PDF" in edit.text
    response = client.get(preview_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    reader = pdf_of(response)
    assert outline_titles(reader)[-1] == "Практика черновика"


def test_the_preview_is_for_editors_only(client, bank):
    collection = make_collection(bank, [practice(bank, "Практика")])
    url = f"/admin/practices/collections/{collection.pk}/pdf/"
    assert client.get(url)["Location"].startswith("/admin/login/")
    outsider = get_user_model().objects.create_user("outsider", password="pw")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    refused = client.get(url)  # Wagtail's admin turns PermissionDenied into a redirect home
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")


# --- Rendering never reaches the network -------------------------------------------------------


def test_the_renderer_serves_media_files_only():
    assert media_name("https://collection.invalid/media/images/a.jpg") == "images/a.jpg"
    for url in (
        "https://example.org/media/images/a.jpg",
        "https://collection.invalid/static/css/site.css",
        "https://collection.invalid/media/../db.sqlite3",
        "file:///etc/passwd",
    ):
        assert media_name(url) is None
        with pytest.raises(ValueError):
            LocalFilesFetcher().fetch(url)
