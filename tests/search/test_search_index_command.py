"""``manage.py search_index``: counts without ``--rebuild``, a full rebuild with it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search.backends.base import SearchDocument
from tests.factories import MaterialFactory, StandardPageFactory
from tests.search.fakes import FakeBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(fake_backend):
    return fake_backend


@pytest.fixture
def site(home):
    pages = [StandardPageFactory(parent=home) for _ in range(3)]
    materials = [MaterialFactory() for _ in range(2)]
    return home, pages, materials


def run(*args):
    out = StringIO()
    call_command("search_index", *args, stdout=out)
    return out.getvalue()


def test_without_rebuild_prints_counts_and_leaves_the_index_alone(backend, site):
    backend.reset()  # forget what the signals indexed while the site was built

    output = run()

    assert "Страницы: 4" in output  # the home page and three pages
    assert "Материалы: 2" in output
    assert "Практики: 0" in output
    assert "Попадёт в индекс: 6 документов" in output
    assert backend.documents == {}


def test_rebuild_clears_then_indexes_every_document_in_batches(backend, site, monkeypatch):
    home, pages, materials = site
    stale = SearchDocument("page:999999", "page", "Удалённая", "", "/udalena/")
    backend.documents = {stale.key: stale}
    batches = []
    index = FakeBackend.index
    monkeypatch.setattr(
        FakeBackend, "index", lambda self, docs: (batches.append(len(docs)), index(self, docs))
    )

    output = run("--rebuild", "--batch-size", "4")

    expected = {f"page:{p.pk}" for p in [home, *pages]} | {f"material:{m.pk}" for m in materials}
    assert set(backend.documents) == expected
    assert batches == [4, 2]
    assert "Страницы: 4" in output
    assert "В индексе: 6 документов" in output


def test_rebuild_without_a_backend_is_an_error(settings, site):
    settings.PORTAL_SEARCH_BACKEND = ""

    with pytest.raises(CommandError, match="PORTAL_SEARCH_BACKEND"):
        run("--rebuild")


def test_batch_size_must_be_positive(backend):
    with pytest.raises(CommandError, match="batch-size"):
        run("--rebuild", "--batch-size", "0")
