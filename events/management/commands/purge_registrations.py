"""Delete personal data no longer needed (152-ФЗ): registrations REGISTRATION_RETENTION_DAYS
after their event's last date, and requests never confirmed in time. Run daily; idempotent."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from events.models import Registration
from events.registration_flow import expired_pending

LABEL = Registration._meta.label


class Command(BaseCommand):
    help = "Удаляет регистрации после срока хранения и неподтверждённые заявки."

    def handle(self, *args, **options):
        now = timezone.now()
        cutoff = now - datetime.timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
        _, old = Registration.objects.filter(event__series_end__lt=cutoff).delete()
        _, unconfirmed = expired_pending(now).delete()
        self.stdout.write(
            f"Удалено регистраций: {old.get(LABEL, 0)} после срока хранения, "
            f"{unconfirmed.get(LABEL, 0)} неподтверждённых"
        )
