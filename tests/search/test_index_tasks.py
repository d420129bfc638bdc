"""The search index is updated by the task worker, one task per page or material, and a
search engine that fails is retried later instead of holding up publishing."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import MaterialFactory, StandardPageFactory
from tests.search.fakes import FakeBackend

pytestmark = pytest.mark.django_db


def test_publishing_queues_the_index_update_for_the_worker(fake_backend, home, task_queue):
    page = StandardPageFactory(parent=home, title="Ждёт своей очереди")
    material = MaterialFactory()

    assert fake_backend.documents == {}  # the editor's request did not wait for the engine
    assert "update_index" in task_queue.names()

    task_queue.run()
    assert {f"page:{page.pk}", f"material:{material.pk}"} <= set(fake_backend.documents)

    page.unpublish()
    material.delete()
    task_queue.run()
    assert not {f"page:{page.pk}", f"material:{material.pk}"} & set(fake_backend.documents)


def test_a_failing_engine_is_retried_later(fake_backend, home, task_queue, monkeypatch, caplog):
    def engine_down(self, documents):
        raise ConnectionError("Elasticsearch недоступен")

    with monkeypatch.context() as down:
        down.setattr(FakeBackend, "index", engine_down)
        page = StandardPageFactory(parent=home, title="Публикуется всё равно")
        [first] = task_queue.take("update_index")
        first.task.call(*first.args, **first.kwargs)

    page.refresh_from_db()
    assert page.live
    assert "Поисковый индекс не обновлён" in caplog.text
    [retry] = task_queue.take("update_index")
    assert retry.kwargs == {"attempt": 2}
    wait = retry.task.run_after - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(minutes=1)

    retry.task.call(*retry.args, **retry.kwargs)  # the engine is back
    assert f"page:{page.pk}" in fake_backend.documents


def test_an_engine_down_for_good_is_given_up_after_a_few_attempts(
    fake_backend, home, monkeypatch, caplog
):
    attempts = []

    def engine_down(self, documents):
        attempts.append(1)
        raise ConnectionError("Elasticsearch недоступен")

    monkeypatch.setattr(FakeBackend, "index", engine_down)
    page = StandardPageFactory(parent=home)

    page.refresh_from_db()
    assert page.live
    assert len(attempts) == 6
    assert "все неудачны" in caplog.text
