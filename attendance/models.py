"""Who came to an event, the certificates they were given and what they thought of it.

An ``Attendance`` exists for each registration marked as present; it carries the participant's
private token (the link to their certificate and feedback form). A ``Certificate`` and a
``Feedback`` keep their own copy of what they state, so that deleting registrations after the
retention period neither breaks a certificate's verification nor the event's average score.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Codes are typed by people from paper: no letters that look like digits (I, L, O, U).
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8  # 40 random bits
TOKEN_BYTES = 24  # 32 characters, 192 random bits


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_code():
    """«7K3M-Q9XP»: a certificate's verification code, printed on it."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


class AttendanceSource(models.TextChoices):
    MANUAL = "manual", _("отмечено вручную")
    IMPORT = "import", _("из файла вебинарной платформы")


class Attendance(models.Model):
    registration = models.OneToOneField(
        "events.Registration",
        verbose_name=_("регистрация"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    minutes = models.PositiveIntegerField(_("минут на трансляции"), null=True, blank=True)
    source = models.CharField(_("как отмечено"), max_length=10, choices=AttendanceSource)
    marked_at = models.DateTimeField(_("отмечено"), auto_now=True)
    token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("Присутствие")
        verbose_name_plural = _("Присутствие")

    def __str__(self):
        return str(self.registration)


class Certificate(models.Model):
    attendance = models.OneToOneField(
        Attendance,
        verbose_name=_("присутствие"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificate",
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("мероприятие"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    code = models.CharField(_("код проверки"), max_length=9, unique=True, default=new_code)
    participant = models.CharField(_("участник"), max_length=200)
    event_title = models.CharField(_("мероприятие"), max_length=255)
    event_date = models.DateField(_("дата мероприятия"))
    hours = models.DecimalField(_("часов"), max_digits=5, decimal_places=1)
    issued_at = models.DateTimeField(_("выдан"), auto_now_add=True)
    # The PDF in private storage, written by the task worker; empty while it is being made.
    file = models.CharField(max_length=200, blank=True, editable=False)
    emailed_at = models.DateTimeField(_("отправлен по почте"), null=True, blank=True)

    class Meta:
        ordering = ["issued_at"]
        verbose_name = _("Сертификат участника")
        verbose_name_plural = _("Сертификаты участников")

    def __str__(self):
        return self.code


class Feedback(models.Model):
    attendance = models.OneToOneField(
        Attendance,
        verbose_name=_("присутствие"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("мероприятие"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    usefulness = models.PositiveSmallIntegerField(
        _("Насколько полезным было мероприятие"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    to_change = models.TextField(_("Что изменить"), max_length=2000, blank=True)
    next_topics = models.TextField(
        _("Какие темы разобрать в следующий раз"), max_length=2000, blank=True
    )
    submitted_at = models.DateTimeField(_("получен"), auto_now_add=True)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("Отзыв участника")
        verbose_name_plural = _("Отзывы участников")

    def __str__(self):
        return f"{self.event_id}: {self.usefulness}"


class SlotBooking(models.Model):
    """A school's own choice of a free time of an event's schedule (interviews with each
    school's administration). A slot the event's editors filled in on the page is not free."""

    slot = models.OneToOneField(
        "events.EventSlot",
        verbose_name=_("время"),
        on_delete=models.CASCADE,
        related_name="booking",
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("мероприятие"),
        on_delete=models.CASCADE,
        related_name="slot_bookings",
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("школа"),
        on_delete=models.CASCADE,
        related_name="slot_bookings",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("записал"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    booked_at = models.DateTimeField(_("записано"), auto_now_add=True)

    class Meta:
        verbose_name = _("Запись школы на время")
        verbose_name_plural = _("Записи школ на время")
        constraints = [
            # One time per school and event: a second choice means cancelling the first.
            models.UniqueConstraint(fields=["event", "school"], name="slot_booking_one_per_school")
        ]

    def __str__(self):
        return f"{self.school_id}: {self.slot_id}"
