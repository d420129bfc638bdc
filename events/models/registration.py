"""Registrations of participants through the form on an event's page."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("Регистрация")
        verbose_name_plural = _("Регистрации")
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="registration_unique_email"),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def organisation_name(self):
        return self.school.short_name if self.school else self.organisation
