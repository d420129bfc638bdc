"""The database backend's index: one row per searchable thing, its practice facets and the
vocabulary for «возможно, вы искали».

The full-text part is per vendor and created by migration 0002: on SQLite an FTS5 table over
the stemmed title and body (kept in step by triggers), on PostgreSQL a generated tsvector of
the ``russian`` configuration with a GIN index.
"""

from django.db import models


class SearchEntry(models.Model):
    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, db_index=True)
    title = models.TextField()
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True)
    context = models.CharField(max_length=300, blank=True)
    # Snowball stems of the title and the body, space-separated: what FTS5 indexes.
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)

    class Meta:
        verbose_name = "запись поискового индекса"
        verbose_name_plural = "поисковый индекс"

    def __str__(self):
        return self.title


class SearchFacet(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=30)
    value = models.CharField(max_length=100)

    class Meta:
        verbose_name = "значение фильтра"
        verbose_name_plural = "значения фильтров"
        indexes = [models.Index(fields=["name", "value", "entry"])]

    def __str__(self):
        return f"{self.name}={self.value}"


class SearchWord(models.Model):
    """A normalized word of the indexed titles and bodies, for suggestions on typos."""

    word = models.CharField(max_length=40, unique=True)
    length = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "слово словаря поиска"
        verbose_name_plural = "словарь поиска"
        indexes = [models.Index(fields=["length", "word"])]

    def __str__(self):
        return self.word
