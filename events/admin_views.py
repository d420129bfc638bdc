"""Admin screens of one event for those who may edit its page: its registrations (and, in
attendance, the attendance list, feedback and schedule, on the same base)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import EventPage, RegistrationStatus

# The list reads top to bottom as the seats go: holders, the queue, then the rest.
STATUS_ORDER = [
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.PENDING,
    RegistrationStatus.CANCELLED,
]


class EventEditorsMixin(WagtailAdminTemplateMixin):
    header_icon = "date"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.event = get_object_or_404(EventPage, pk=page_id)
        if not self.event.permissions_for_user(request.user).can_edit():
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
                "label": self.event.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]


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
            places_left=None
            if self.event.capacity is None
            else max(self.event.capacity - len(groups[RegistrationStatus.CONFIRMED]), 0),
            csv_url=reverse("events_registrations_csv", args=[self.event.pk]),
            **kwargs,
        )
