"""``search_index``: how many documents of each kind the site index gets; ``--rebuild`` empties
the index of the configured backend and fills it again, in batches."""

import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.backends import get_backend
from search.backends.base import Kind
from search.documents import CHUNK_SIZE, all_documents
from site_cms import page_cache


class Command(BaseCommand):
    help = "Показывает, сколько документов попадёт в поисковый индекс; --rebuild пересобирает его."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Очистить индекс и заполнить его заново."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=CHUNK_SIZE,
            help="Сколько документов передавать поисковому движку за раз.",
        )

    def handle(self, *args, rebuild, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size должен быть положительным.")
        started = time.monotonic()
        counts = Counter()
        if rebuild:
            if not getattr(settings, "PORTAL_SEARCH_BACKEND", None):
                raise CommandError("Не задан поисковый движок (PORTAL_SEARCH_BACKEND).")
            backend = get_backend()
            backend.clear()
            batch = []
            for document in all_documents(batch_size):
                counts[document.kind] += 1
                batch.append(document)
                if len(batch) == batch_size:
                    backend.index(batch)
                    batch = []
            if batch:
                backend.index(batch)
            # Search results kept by the page cache's rule are stale now.
            page_cache.invalidate()
        else:
            counts.update(document.kind for document in all_documents(batch_size))
        for kind in Kind:
            self.stdout.write(f"{kind.label}: {counts[kind.value]}")
        verb = "В индексе" if rebuild else "Попадёт в индекс"
        seconds = time.monotonic() - started
        self.stdout.write(f"{verb}: {sum(counts.values())} документов, {seconds:.1f} с")
