"""Assessment results per school, the grading scales that turn ВПР scores into marks, the log.

Pupil rows never reach the database: readers aggregate them per school, year, procedure,
subject and grade (``indicators.results.records``), and per task of a ВПР protocol, and
``importing.service`` stores the aggregates.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..results.records import Procedure

# ОГЭ is taken in the 9th grade and ЕГЭ in the 11th: a summary table may leave them out.
PROCEDURE_GRADES = {Procedure.OGE: 9, Procedure.EGE: 11}


class GradingScale(models.Model):
    """The yearly «шкала перевода баллов в отметки» of one ВПР: minimum scores of marks 3–5."""

    year = models.PositiveSmallIntegerField(_("год"))
    subject = models.ForeignKey(
        "curriculum.Subject",
        verbose_name=_("предмет"),
        on_delete=models.PROTECT,
        related_name="grading_scales",
    )
    grade = models.PositiveSmallIntegerField(_("класс"))
    min3 = models.PositiveSmallIntegerField(_("от балла на «3»"))
    min4 = models.PositiveSmallIntegerField(_("от балла на «4»"))
    min5 = models.PositiveSmallIntegerField(_("от балла на «5»"))
    max_score = models.PositiveSmallIntegerField(_("максимальный балл"))

    class Meta:
        verbose_name = _("шкала перевода баллов ВПР")
        verbose_name_plural = _("шкалы перевода баллов ВПР")
        ordering = ["-year", "subject", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "subject", "grade"], name="unique_grading_scale"
            ),
            models.CheckConstraint(
                condition=models.Q(min3__lt=models.F("min4"))
                & models.Q(min4__lt=models.F("min5"))
                & models.Q(min5__lte=models.F("max_score")),
                name="grading_scale_increasing",
            ),
        ]

    def __str__(self):
        return f"ВПР {self.year}, {self.subject}, {self.grade} класс"

    def clean(self):
        if None in (self.min3, self.min4, self.min5, self.max_score):
            return
        if not self.min3 < self.min4 < self.min5 <= self.max_score:
            raise ValidationError(
                _(
                    "Баллы должны возрастать: на «3» меньше, чем на «4», на «4» меньше, чем на "
                    "«5», а на «5» — не больше максимального."
                )
            )


class ImportLog(models.Model):
    """One file given to ``import_results`` or the admin's import, saved or refused."""

    class Status(models.TextChoices):
        OK = "ok", _("импортирован")
        CHECKED = "checked", _("проверен без сохранения")
        REFUSED = "refused", _("отклонён")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("начат"))
    finished_at = models.DateTimeField(_("закончен"), null=True, blank=True)
    file_name = models.CharField(_("файл"), max_length=500)
    checksum = models.CharField(_("контрольная сумма SHA-256"), max_length=64, blank=True)
    file_format = models.CharField(_("формат"), max_length=20, blank=True)
    options = models.JSONField(_("параметры"), default=dict, blank=True)
    rows_read = models.PositiveIntegerField(_("прочитано строк результатов"), default=0)
    created = models.PositiveIntegerField(_("добавлено"), default=0)
    updated = models.PositiveIntegerField(_("заменено"), default=0)
    skipped = models.PositiveIntegerField(_("пропущено"), default=0)
    unknown_codes = models.TextField(_("неизвестные коды школ"), blank=True)
    status = models.CharField(_("итог"), max_length=10, choices=Status)
    problems = models.TextField(_("ошибки"), blank=True)

    class Meta:
        verbose_name = _("запись журнала импорта результатов")
        verbose_name_plural = _("журнал импорта результатов")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.started_at:%d.%m.%Y %H:%M})"


class ResultAggregate(models.Model):
    """A school's result in one procedure, year, subject and grade."""

    # The unique constraint, which starts with the school, serves as its index; every index
    # less makes a first import of a million rows faster.
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("школа"),
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("год"))
    procedure = models.CharField(_("процедура"), max_length=3, choices=Procedure)
    subject = models.ForeignKey(
        "curriculum.Subject",
        verbose_name=_("предмет"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    grade = models.PositiveSmallIntegerField(_("класс"))
    participants = models.PositiveIntegerField(_("участников"))
    mark2 = models.PositiveIntegerField(_("отметок «2»"), default=0)
    mark3 = models.PositiveIntegerField(_("отметок «3»"), default=0)
    mark4 = models.PositiveIntegerField(_("отметок «4»"), default=0)
    mark5 = models.PositiveIntegerField(_("отметок «5»"), default=0)
    below_minimum = models.PositiveIntegerField(_("ниже минимального порога"), default=0)
    high_results = models.PositiveIntegerField(_("высоких результатов (81–100)"), default=0)
    lowered = models.PositiveIntegerField(_("понизили отметку"), default=0)
    confirmed = models.PositiveIntegerField(_("подтвердили отметку"), default=0)
    raised = models.PositiveIntegerField(_("повысили отметку"), default=0)
    mean_score = models.FloatField(_("средний балл"), null=True, blank=True)
    # The participants' scores squared and summed: with the mean, their variance, which the
    # interval of the mean's change needs (rules/intervals.py). Protocols give it; summary
    # tables do not, and their results get no interval for the mean.
    score_sum_squares = models.FloatField(
        _("сумма квадратов баллов"),
        null=True,
        blank=True,
        help_text=_("Из протокола ВПР: нужна для доверительного интервала среднего балла."),
    )
    # Not indexed: nothing looks results up by their import, and log rows are hardly deleted.
    import_log = models.ForeignKey(
        ImportLog,
        verbose_name=_("импорт"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("результат школы")
        verbose_name_plural = _("результаты школ")
        ordering = ["-year", "procedure", "subject", "grade", "school"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "procedure", "subject", "grade"],
                name="unique_result_aggregate",
            )
        ]
        # The unique constraint serves one school's results over the years; the rules and the
        # open data read every school of one year, procedure and subject.
        indexes = [models.Index(fields=["year", "procedure", "subject", "grade"])]

    def __str__(self):
        return (
            f"{self.school}: {self.get_procedure_display()} {self.year}, {self.subject}, "
            f"{self.grade} класс"
        )


class TaskResult(models.Model):
    """A school's points in one task of a ВПР: the task results of its ResultAggregate.

    Stored by the protocol import with the school's result and replaced with it; the
    municipality's and the region's are computed from these
    (``indicators.results.queries.task_results_frame``).
    """

    # The unique constraint, which starts with the result, serves as its index.
    result = models.ForeignKey(
        ResultAggregate,
        verbose_name=_("результат школы"),
        on_delete=models.CASCADE,
        related_name="tasks",
        db_index=False,
    )
    task = models.CharField(_("задание"), max_length=20)
    # The task's column in the protocol, first is 1: labels like «10К1» do not sort.
    position = models.PositiveSmallIntegerField(_("порядковый номер"))
    max_points = models.PositiveSmallIntegerField(_("максимальный балл"))
    participants = models.PositiveIntegerField(_("участников"))
    points = models.FloatField(_("сумма баллов"))
    success_rate = models.FloatField(_("процент выполнения"))

    class Meta:
        verbose_name = _("результат задания")
        verbose_name_plural = _("результаты заданий")
        ordering = ["result", "position"]
        constraints = [
            models.UniqueConstraint(fields=["result", "task"], name="unique_task_result"),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="task_result_max_points_positive"
            ),
        ]

    def __str__(self):
        return f"{self.result}: задание {self.task}"

    @property
    def mean_points(self):
        return self.points / self.participants if self.participants else None
