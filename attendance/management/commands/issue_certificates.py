"""Issue the certificates of ended events whose attendees were marked before the end (a
series marked session by session); safe to run daily or hourly from cron, and twice."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from attendance import certificates
from events.models import EventPage


class Command(BaseCommand):
    help = "Выдать сертификаты участникам прошедших мероприятий, у которых их ещё нет."

    def handle(self, *args, **options):
        events = EventPage.objects.filter(
            series_end__lte=timezone.now(),
            registrations__attendance__isnull=False,
            registrations__attendance__certificate__isnull=True,
        ).distinct()
        issued = sum(certificates.issue(event) for event in events)
        self.stdout.write(f"Выдано сертификатов: {issued}")
