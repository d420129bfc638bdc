"""E-mail confirmed participants before their event: the day before, and the hour before an
online one with the link to join. Run hourly from cron; running twice sends nothing twice."""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from events import emails, reminders
from events.models import Registration, RegistrationStatus

KINDS = {reminders.DAY: emails.REMINDER_DAY, reminders.HOUR: emails.REMINDER_HOUR}
FIELDS = {reminders.DAY: "reminded_day_for", reminders.HOUR: "reminded_hour_for"}


class Command(BaseCommand):
    help = "Напоминания участникам: за сутки до мероприятия и за час до онлайн-мероприятия."

    def handle(self, *args, **options):
        now = timezone.now()
        # A series that began long ago is kept and judged by its next date below.
        registrations = (
            Registration.objects.filter(
                Q(event__start__lt=now + reminders.WINDOWS[reminders.DAY]) | ~Q(event__rrule=""),
                status=RegistrationStatus.CONFIRMED,
                event__live=True,
                event__series_end__gt=now,
            )
            .select_related("event")
            .prefetch_related("event__exceptions")
        )
        sent = 0
        for registration in registrations:
            event = registration.event
            occurrence = event.next_occurrence(now)
            for kind in reminders.due(
                occurrence,
                now,
                event.is_online,
                registration.reminded_day_for,
                registration.reminded_hour_for,
            ):
                field = FIELDS[kind]
                # Claimed first: a second run at the same time finds it taken and sends nothing.
                claimed = (
                    Registration.objects.filter(pk=registration.pk)
                    .exclude(**{field: occurrence})
                    .update(**{field: occurrence})
                )
                if claimed:
                    emails.send_status(registration, KINDS[kind], occurrence=occurrence)
                    sent += 1
        self.stdout.write(f"Отправлено напоминаний: {sent}")
