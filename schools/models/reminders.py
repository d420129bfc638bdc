"""The e-mails that reminded a school's editors to update its stale section."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SectionReminder(models.Model):
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("школа"),
        on_delete=models.CASCADE,
        related_name="section_reminders",
    )
    sent_at = models.DateTimeField(_("отправлено"), default=timezone.now)
    recipients = models.TextField(_("адресаты"), help_text=_("Адреса через запятую"))

    class Meta:
        verbose_name = _("напоминание об обновлении раздела")
        verbose_name_plural = _("напоминания об обновлении разделов")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.school} — {timezone.localtime(self.sent_at):%d.%m.%Y %H:%M}"
