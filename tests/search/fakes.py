"""An in-memory search backend for tests of what surrounds the backends (pages, signals).

It records what it was asked and answers with canned data; the real backends have their own
tests (relevance, bad input).
"""

from django.utils.safestring import mark_safe

from search.backends.base import Hit, SearchBackend, SearchResponse, SearchUnavailable, Suggestion


class FakeBackend(SearchBackend):
    documents = {}
    requests = []
    response = SearchResponse()
    suggestions = []
    unavailable = False  # answer as an engine that is down

    @classmethod
    def reset(cls, response=None, suggestions=(), unavailable=False):
        cls.documents = {}
        cls.requests = []
        cls.response = response or SearchResponse()
        cls.suggestions = list(suggestions)
        cls.unavailable = unavailable

    def index(self, documents):
        self.documents.update({document.key: document for document in documents})

    def remove(self, keys):
        for key in keys:
            self.documents.pop(key, None)

    def clear(self):
        self.documents.clear()

    def search(self, request):
        self.requests.append(request)
        if self.unavailable:
            raise SearchUnavailable("connection refused")
        return self.response

    def suggest(self, prefix, limit=8):
        self.requests.append(prefix)
        if self.unavailable:
            raise SearchUnavailable("connection refused")
        return self.suggestions[:limit]


SNIPPET = mark_safe("…формирующее <mark>оценивание</mark>…")


def hit(number, kind="practice", snippet=SNIPPET):
    return Hit(f"page:{number}", kind, f"Практика {number}", f"/praktiki/{number}/", snippet)


def suggestion(title, url="/praktiki/1/", kind="practice"):
    return Suggestion(title, url, kind)
