"""Registrations of participants through the form on an event's page.

A registration holds a seat only once the visitor has followed the link in the e-mail
(``token``); when the seats have run out it joins the waiting list instead. ``token`` is the
visitor's key to their registration: the confirmation and cancellation links carry it.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("ожидает подтверждения")
    CONFIRMED = "confirmed", _("подтверждена")
    WAITING = "waiting", _("в листе ожидания")
    CANCELLED = "cancelled", _("отменена")


class Registration(models.Model):
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("мероприятие"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("фамилия, имя, отчество"), max_length=200)
    email = models.EmailField(_("электронная почта"))
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("школа из реестра"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.CharField(
        _("организация (если нет в реестре)"), max_length=300, blank=True
    )
    role = models.CharField(_("должность"), max_length=150)
    created_at = models.DateTimeField(_("зарегистрирован"), auto_now_add=True)
    status = models.CharField(
        _("состояние"),
        max_length=10,
        choices=RegistrationStatus,
        default=RegistrationStatus.PENDING,
        db_index=True,
    )
    token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)
    consent_at = models.DateTimeField(
        _("согласие на обработку персональных данных"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("подтверждена"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("отменена"), null=True, blank=True)
    # The occurrence (start) each reminder was last sent for: a second run finds it sent.
    reminded_day_for = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_hour_for = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("Регистрация")
        verbose_name_plural = _("Регистрации")
        constraints = [
            # A cancelled visitor may register again.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_unique_email",
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def organisation_name(self):
        return self.school.short_name if self.school else self.organisation

    @property
    def holds_seat(self):
        return self.status == RegistrationStatus.CONFIRMED
