"""The bank's facet index as it was last prepared (``practices/bank_index.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .practice import PracticeIndexPage


class PreparedBankIndex(models.Model):
    """Which practices of a bank have each facet value, prepared from its live public practices.

    A change of what the index is made of (a practice, a term, a school, a view restriction)
    bumps ``version``; the first visit after that prepares it again and stores it as
    ``built_version``, unless another change came in the meantime.
    """

    bank = models.OneToOneField(
        PracticeIndexPage, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    built_version = models.PositiveIntegerField(null=True)
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("Подготовленный индекс фильтров банка")

    def __str__(self):
        return f"{self.bank_id}: {self.built_version}/{self.version}"
