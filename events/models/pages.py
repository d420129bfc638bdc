"""The calendar (EventIndexPage) and its events (EventPage)."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from site_cms.blocks import BodyStreamBlock, DocumentLinkBlock

from .. import recurrence
from ..blocks import ProgrammeItemBlock, ProgrammeSectionBlock
from ..timezones import ZONES
from .choices import EventFormat, EventType, Frequency
from .registration import RegistrationStatus


def event_zone(time_zone):
    """The zone of an event's ``time_zone`` (the site's own when it has none)."""
    return zoneinfo.ZoneInfo(time_zone or settings.TIME_ZONE)


class EventIndexPage(RoutablePageMixin, Page):
    """«Календарь семинаров»: the list and the month grid of the events under it, with filters."""

    intro = models.TextField(_("Краткое описание"), blank=True, max_length=500)
    privacy_policy = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Политика обработки персональных данных"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Страница, на которую ссылается согласие в форме регистрации (152-ФЗ)"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("privacy_policy")]
    subpage_types = ["events.EventPage"]
    parent_page_types = ["site_cms.HomePage", "site_cms.StandardPage"]

    class Meta:
        verbose_name = _("Календарь мероприятий")

    @path("")
    def calendar(self, request):
        from ..views import calendar_page

        return calendar_page(self, request)

    @path("ics/")
    def ics(self, request):
        from ..views import calendar_ics

        return calendar_ics(self, request)


class RegistrationMode(models.TextChoices):
    NONE = "", _("без регистрации")
    FORM = "form", _("форма на сайте")
    EXTERNAL = "external", _("по внешней ссылке")


class EventPage(RoutablePageMixin, Page):
    """One event or a series: when, where, for whom, programme, registration, materials."""

    event_type = models.CharField(_("Вид"), max_length=20, choices=EventType)
    event_format = models.CharField(_("Формат"), max_length=20, choices=EventFormat)
    start = models.DateTimeField(_("Начало"))
    end = models.DateTimeField(_("Окончание"))
    all_day = models.BooleanField(
        _("Весь день"), default=False, help_text=_("Время не показывается; можно на несколько дней")
    )
    frequency = models.CharField(
        _("Повторяется"), max_length=20, choices=Frequency, blank=True, default=""
    )
    repeat_until = models.DateField(_("Повторять до"), null=True, blank=True)
    time_zone = models.CharField(
        _("Часовой пояс"),
        max_length=40,
        choices=ZONES,
        default="Europe/Moscow",
        help_text=_(
            "Для мероприятий в других регионах: время на сайте и в календарях показывается "
            "в этом поясе. Начало и окончание вводятся по московскому времени."
        ),
    )
    rrule = models.CharField(_("Правило повторения (RRULE)"), max_length=200, editable=False)
    series_end = models.DateTimeField(_("Конец последнего занятия"), editable=False, db_index=True)

    summary = models.TextField(_("Кратко"), max_length=500, blank=True)
    place = models.CharField(_("Место проведения"), max_length=300, blank=True)
    online_url = models.URLField(_("Ссылка на трансляцию / ВКС"), blank=True)
    organiser = models.ForeignKey(
        "events.Organisation",
        verbose_name=_("Организатор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    co_organisers = ParentalManyToManyField(
        "events.Organisation",
        verbose_name=_("Соорганизаторы и ответственные"),
        blank=True,
        related_name="co_organised_events",
    )
    audiences = ParentalManyToManyField(
        "events.Audience", verbose_name=_("Для кого"), blank=True, related_name="events"
    )
    municipality = models.ForeignKey(
        "schools.Municipality",
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Пусто — региональное мероприятие"),
    )
    schools = ParentalManyToManyField(
        "schools.School", verbose_name=_("Школы-участники"), blank=True, related_name="events"
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("Описание"), blank=True)
    programme = StreamField(
        [("section", ProgrammeSectionBlock()), ("item", ProgrammeItemBlock())],
        verbose_name=_("Программа"),
        blank=True,
    )
    expected_result = models.TextField(_("Ожидаемый результат"), blank=True)

    registration_mode = models.CharField(
        _("Регистрация"), max_length=10, choices=RegistrationMode, blank=True, default=""
    )
    registration_url = models.URLField(_("Внешняя ссылка на регистрацию"), blank=True)
    capacity = models.PositiveIntegerField(_("Число мест"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("Регистрация до"), null=True, blank=True)

    materials = StreamField(
        [("document", DocumentLinkBlock())],
        verbose_name=_("Материалы после мероприятия"),
        blank=True,
    )
    sequence = models.PositiveIntegerField(_("Версия для календарей"), default=0, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("event_type"), FieldPanel("event_format")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldRowPanel([FieldPanel("frequency"), FieldPanel("repeat_until")]),
                FieldPanel("time_zone"),
            ],
            heading=_("Когда"),
        ),
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("online_url"), FieldPanel("municipality")],
            heading=_("Где"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("co_organisers"),
                FieldPanel("audiences"),
                FieldPanel("schools"),
            ],
            heading=_("Кто"),
        ),
        FieldPanel("body"),
        FieldPanel("programme"),
        FieldPanel("expected_result"),
        MultiFieldPanel(
            [
                FieldPanel("registration_mode"),
                FieldPanel("registration_url"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
            ],
            heading=_("Регистрация"),
        ),
        InlinePanel(
            "exceptions",
            heading=_("Изменения в серии: отменённые и перенесённые занятия"),
            label=_("изменение"),
        ),
        InlinePanel("slots", heading=_("График по школам"), label=_("время")),
        FieldPanel("materials"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("start"),
        index.FilterField("series_end"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Мероприятие")
        verbose_name_plural = _("Мероприятия")
        # By start, with the end of the series: a month's events (``start`` before its end and
        # ``series_end`` after its beginning) are found in the index without reading each row.
        indexes = [models.Index(fields=["start", "series_end"], name="events_event_start_end")]

    # --- Dates ---------------------------------------------------------------------------

    @property
    def tz(self):
        return event_zone(self.time_zone)

    @property
    def duration(self):
        return self.end - self.start

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.tz)

    @property
    def is_series(self):
        return bool(self.rrule)

    def planned_occurrences(self):
        """The series' dates as its rule gives them, before any session was moved or cancelled."""
        return recurrence.occurrences(self.local_start, self.rrule)

    def changed_sessions(self):
        """(planned start, exception) of each session an editor cancelled or moved."""
        planned = {moment.date(): moment for moment in self.planned_occurrences()}
        return [
            (planned[exception.original_date], exception)
            for exception in self.exceptions.all()
            if exception.original_date in planned
        ]

    def exception_dates(self):
        """EXDATE and RDATE: the planned starts changed, and the moved sessions' new starts."""
        changed = self.changed_sessions()
        exdates = [moment for moment, _ in changed]
        rdates = [
            timezone.localtime(exception.new_start, self.tz)
            for _, exception in changed
            if exception.new_start
        ]
        return exdates, rdates

    def occurrences(self):
        """Local start datetimes of every date that takes place (one for a single event)."""
        exdates, rdates = self.exception_dates()
        return recurrence.occurrences(self.local_start, self.rrule, exdates=exdates, rdates=rdates)

    def sessions(self):
        """The dates of a series for its page: (start, exception or None), in planned order."""
        exceptions = dict(self.changed_sessions())
        return [(moment, exceptions.get(moment)) for moment in self.planned_occurrences()]

    @property
    def frequency_label(self):
        """«ежемесячно», or «каждую вторую среду месяца» for a weekday pattern."""
        if self.frequency == Frequency.MONTHLY_WEEKDAY:
            return recurrence.weekday_pattern(self.local_start.date())
        return self.get_frequency_display()

    def next_occurrence(self, now=None):
        now = now or timezone.now()
        for moment in self.occurrences():
            if moment + self.duration > now:
                return moment
        return self.local_start

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Окончание раньше начала.")})
        if self.frequency and not self.repeat_until:
            raise ValidationError({"repeat_until": _("Укажите, до какой даты повторять.")})
        if self.registration_mode == RegistrationMode.EXTERNAL and not self.registration_url:
            raise ValidationError({"registration_url": _("Укажите ссылку на регистрацию.")})

    def save(self, *args, **kwargs):
        self.rrule = recurrence.build_rrule(
            self.frequency, self.repeat_until, self.tz, self.start and self.local_start.date()
        )
        if self.start and self.end:
            last = max(self.occurrences() or [self.local_start])
            self.series_end = last + (self.end - self.start)
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # A revision must not take the ICS SEQUENCE back to the value it had when it was saved.
        page = super().with_content_json(content)
        page.sequence = self.sequence
        return page

    # --- Registration --------------------------------------------------------------------

    @property
    def has_form(self):
        return self.registration_mode == RegistrationMode.FORM

    @property
    def is_online(self):
        return self.event_format != EventFormat.IN_PERSON

    def seats_taken(self):
        """Confirmed registrations: only they hold seats (not the unconfirmed or waiting)."""
        return self.registrations.filter(status=RegistrationStatus.CONFIRMED).count()

    def is_full(self, taken):
        return self.capacity is not None and taken >= self.capacity

    def places_left(self, taken):
        """Free places with ``taken`` seats held; None when the places are not limited."""
        return None if self.capacity is None else max(self.capacity - taken, 0)

    def registration_closed_reason(self, now=None):
        """Why the form is closed ("" when open); a full event still takes the waiting list."""
        now = now or timezone.now()
        if self.registration_deadline and now > self.registration_deadline:
            return "Регистрация закрыта: срок истёк."
        if now > self.series_end:
            return "Мероприятие уже прошло."
        return ""

    # --- Views ---------------------------------------------------------------------------

    @path("")
    def event(self, request):
        from ..views import event_page

        return event_page(self, request)

    @path("ics/")
    def ics(self, request):
        from ..views import event_ics

        return event_ics(self, request)

    @path("confirm/<str:token>/")
    def confirm_view(self, request, token):
        from ..views import confirm_registration

        return confirm_registration(self, request, token)

    @path("registration/<str:token>/")
    def registration_view(self, request, token):
        from ..views import registration_page

        return registration_page(self, request, token)


class EventSlot(Orderable):
    """A school's time in a schedule, e.g. interviews with each school's administration."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="slots")
    date = models.DateField(_("Дата"))
    starts_at = models.TimeField(_("Начало"))
    ends_at = models.TimeField(_("Окончание"))
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("Школа из реестра"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    school_name = models.CharField(_("Или название школы"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("school"), FieldPanel("school_name")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Время школы")
        ordering = ["date", "starts_at", "sort_order"]

    @property
    def school_label(self):
        return self.school.short_name if self.school else self.school_name

    @property
    def taken_by(self):
        """The school the time is for: named by the editors or booked by the school; "" if free."""
        booking = getattr(self, "booking", None)  # a school's own booking (attendance)
        return booking.school.short_name if booking else self.school_label


class EventException(Orderable):
    """One session of a series cancelled or moved: EXDATE (and RDATE) in the ICS feed."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exceptions")
    original_date = models.DateField(
        _("Дата занятия по расписанию"), help_text=_("Дата из списка дат серии")
    )
    new_start = models.DateTimeField(
        _("Перенесено на"), null=True, blank=True, help_text=_("Пусто — занятие отменено")
    )
    note = models.CharField(_("Пояснение"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("original_date"), FieldPanel("new_start")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Изменение в серии")
        verbose_name_plural = _("Изменения в серии")

    @property
    def is_cancelled(self):
        return self.new_start is None
