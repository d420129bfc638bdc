"""Admin screens of one event for those who may edit its page: its registrations (and, in
attendance, the attendance list, feedback and schedule, on the same base)."""

from django.urls import reverse
from django.views.generic import TemplateView

from site_cms.admin_screens import PageAdminScreenMixin

from .models import EventPage, RegistrationStatus

# The list reads top to bottom as the seats go: holders, the queue, then the rest.
STATUS_ORDER = [
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.PENDING,
    RegistrationStatus.CANCELLED,
]


class EventEditorsMixin(PageAdminScreenMixin):
    page_model = EventPage
    header_icon = "date"

    @property
    def event(self):
        return self.page

    def get_page_subtitle(self):
        return self.event.title


class RegistrationListView(EventEditorsMixin, TemplateView):
    page_title = "Регистрации"
    template_name = "events/admin/registrations.html"

    def get_context_data(self, **kwargs):
        registrations = self.event.registrations.select_related("school").order_by(
            "confirmed_at", "created_at", "pk"
        )
        groups = {status: [] for status in STATUS_ORDER}
        for registration in registrations:
            groups[registration.status].append(registration)
        return super().get_context_data(
            event=self.event,
            groups=[(status.label, rows) for status, rows in groups.items()],
            total=sum(len(rows) for rows in groups.values()),
            places_left=self.event.places_left(len(groups[RegistrationStatus.CONFIRMED])),
            csv_url=reverse("events_registrations_csv", args=[self.event.pk]),
            **kwargs,
        )
