"""The school registry: municipalities, schools with their ФИС ОКО codes, statuses, pairs."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

# ФИС ОКО names one school `sch223223` in older exports and `edu223223` in newer ones: these two
# prefixes share one numbering. Other prefixes number on their own: `ksh220028` (a regional
# boarding school) is not the school `sch220028`, so their key keeps the prefix.
FISOKO_CODE = re.compile(r"^(?P<prefix>[a-z]+)(?P<number>\d+)$")
SHARED_PREFIXES = ("sch", "edu")


def fisoko_number(code):
    """The key a school keeps across its ФИС ОКО logins, None when ``code`` is not a login.

    It is the number of a sch/edu login (`sch223223` and `edu223223` give `223223`) and the
    whole login for any other prefix (`ksh220028`).
    """
    code = code.strip().lower()
    match = FISOKO_CODE.match(code)
    if match is None:
        return None
    return match["number"] if match["prefix"] in SHARED_PREFIXES else code


class Municipality(models.Model):
    code = models.CharField(
        _("код"), max_length=50, blank=True, help_text=_("Код ФИС ОКО, например reg22_m012")
    )
    name = models.CharField(_("название"), max_length=200)
    region = models.CharField(_("регион"), max_length=200, blank=True)
    other_names = models.TextField(
        _("другие названия"),
        blank=True,
        help_text=_(
            "По одному в строке: как муниципалитет называется в файлах ФИС ОКО "
            "(например, «Алейский муниципальный район»). Импорт реестра узнаёт его и по ним."
        ),
    )

    class Meta:
        verbose_name = _("муниципалитет")
        verbose_name_plural = _("муниципалитеты")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_municipality_name"),
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="unique_municipality_code"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def names(self):
        """The name and the other names, as written."""
        return [self.name, *filter(None, map(str.strip, self.other_names.splitlines()))]


class School(ClusterableModel):
    """A school of the registry; a cluster, so that its admin form edits its ФИС ОКО logins and
    its statuses with it (inline panels)."""

    class Kind(models.TextChoices):
        NOSH = "НОШ", _("Начальная общеобразовательная школа")
        OOSH = "ООШ", _("Основная общеобразовательная школа")
        SOSH = "СОШ", _("Средняя общеобразовательная школа")
        GYMNASIUM = "гимназия", _("Гимназия")
        LYCEUM = "лицей", _("Лицей")
        BOARDING = "школа-интернат", _("Школа-интернат")
        CENTRE = "центр образования", _("Центр образования")
        OTHER = "другое", _("Другое")

    class Settlement(models.TextChoices):
        URBAN = "urban", _("городская местность")
        RURAL = "rural", _("сельская местность")

    short_name = models.CharField(_("краткое название"), max_length=255)
    full_name = models.CharField(_("полное название"), max_length=500, blank=True)
    kind = models.CharField(_("тип"), max_length=30, choices=Kind, default=Kind.SOSH)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("муниципалитет"),
        on_delete=models.PROTECT,
        related_name="schools",
    )
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    settlement = models.CharField(_("местность"), max_length=10, choices=Settlement, blank=True)
    website = models.URLField(_("сайт"), blank=True)
    email = models.EmailField(_("электронная почта организации"), blank=True)
    phone = models.CharField(_("телефон организации"), max_length=50, blank=True)
    # Made by schools.provisioning together with the school's page: the school's own editors
    # and the only collection they may upload into.
    editors_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("группа редакторов школы"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="school",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("коллекция файлов школы"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="school",
    )

    class Meta:
        verbose_name = _("школа")
        verbose_name_plural = _("школы")
        ordering = ["municipality__name", "short_name"]
        permissions = [("view_freshness_report", _("Может видеть отчёт о свежести разделов школ"))]

    def __str__(self):
        return self.short_name


class SchoolCode(models.Model):
    """A ФИС ОКО login of the school; one school keeps every login it has appeared under."""

    school = ParentalKey(
        School, on_delete=models.CASCADE, related_name="codes", verbose_name=_("школа")
    )
    code = models.CharField(_("логин ФИС ОКО"), max_length=50, unique=True)
    number = models.CharField(_("номер"), max_length=30, editable=False, db_index=True)

    class Meta:
        verbose_name = _("код школы")
        verbose_name_plural = _("коды школы")
        ordering = ["code"]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.code = self.code.strip().lower()
        self.number = fisoko_number(self.code) or self.code
        super().save(*args, **kwargs)


class SchoolStatus(models.Model):
    """The school's status in a school year and its basis; older rows stay as history."""

    class Status(models.TextChoices):
        LOW_RESULTS = "shnor", _("ШНОР — школа с низкими образовательными результатами")
        UNFAVOURABLE = "shnsu", _("ШНСУ — школа в неблагоприятных социальных условиях")
        LEADER = "leader", _("Школа-лидер")
        RISK_ZONE = "risk", _("Зона риска")

    school = ParentalKey(
        School, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("школа")
    )
    school_year = models.PositiveSmallIntegerField(
        _("учебный год"), help_text=_("Год начала учебного года: 2023 — это 2023/2024")
    )
    status = models.CharField(_("статус"), max_length=10, choices=Status)
    order_number = models.CharField(_("номер приказа"), max_length=100, blank=True)
    order_date = models.DateField(_("дата приказа"), null=True, blank=True)
    rule = models.CharField(
        _("выявлена по правилу"),
        max_length=200,
        blank=True,
        help_text=_("Заполняется, когда статус подтверждён по результатам оценочных процедур"),
    )
    note = models.TextField(_("примечание"), blank=True)
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кем внесено"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("статус школы")
        verbose_name_plural = _("статусы школ")
        ordering = ["-school_year", "-created_at"]
        indexes = [models.Index(fields=["school_year", "status"])]

    def __str__(self):
        return f"{self.school} — {self.get_status_display()} ({self.school_year_label})"

    @property
    def school_year_label(self):
        return f"{self.school_year}/{self.school_year + 1}"

    @property
    def basis(self):
        if self.order_number:
            date = f" от {self.order_date:%d.%m.%Y}" if self.order_date else ""
            return f"приказ № {self.order_number}{date}"
        return self.rule


class NetworkPair(models.Model):
    """A school with low results and the leader school that supports it under an agreement."""

    supported_school = models.ForeignKey(
        School,
        verbose_name=_("ШНОР"),
        on_delete=models.CASCADE,
        related_name="leader_pairs",
    )
    leader_school = models.ForeignKey(
        School,
        verbose_name=_("школа-лидер"),
        on_delete=models.CASCADE,
        related_name="supported_pairs",
    )
    agreement_number = models.CharField(_("номер соглашения"), max_length=100, blank=True)
    agreement_date = models.DateField(_("дата соглашения"), null=True, blank=True)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"), null=True, blank=True)
    curator = models.CharField(
        _("куратор"), max_length=255, blank=True, help_text=_("Организация или должность куратора")
    )
    joint_activities = models.TextField(_("совместная работа"), blank=True)

    class Meta:
        verbose_name = _("сетевая пара")
        verbose_name_plural = _("сетевые пары")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(supported_school=models.F("leader_school")),
                name="network_pair_of_two_schools",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="network_pair_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.supported_school} ↔ {self.leader_school}"
