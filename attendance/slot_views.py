"""Admin screens of the schools' bookings: a school's editors pick a free time for their school
and take it into their calendar (ICS); the event's editors see the filled schedule and its XLSX."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin import messages

from events import ical
from schools.permissions import own_schools
from site_cms.admin_screens import AdminScreenMixin
from site_cms.exporting import XLSX_CONTENT_TYPE, download, xlsx_table

from . import slots
from .admin_views import EventAdminMixin
from .models import SlotBooking

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def slot_moments(slot, event):
    start = datetime.datetime.combine(slot.date, slot.starts_at, tzinfo=event.tz)
    return start, datetime.datetime.combine(slot.date, slot.ends_at, tzinfo=event.tz)


class SchoolSlotsView(AdminScreenMixin, TemplateView):
    page_title = "Запись школы на собеседование"
    header_icon = "date"
    template_name = "attendance/admin/school_slots.html"

    def dispatch(self, request, *args, **kwargs):
        self.schools = list(own_schools(request.user))
        if not self.schools:
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        events = slots.open_events()
        free = slots.free_slots(events)
        bookings = SlotBooking.objects.filter(school__in=self.schools).select_related(
            "slot", "event", "school"
        )
        return super().get_context_data(
            schools=self.schools,
            events=[(event, free[event.pk]) for event in events],
            bookings=sorted(bookings, key=lambda b: (b.slot.date, b.slot.starts_at)),
            **kwargs,
        )

    def post(self, request):
        school = next(
            (s for s in self.schools if str(s.pk) == request.POST.get("school")), self.schools[0]
        )
        try:
            if request.POST.get("cancel"):
                booking = get_object_or_404(
                    SlotBooking, pk=request.POST["cancel"], school__in=self.schools
                )
                slots.cancel(booking)
                messages.success(request, "Запись отменена.")
            else:
                booking = slots.book(request.POST.get("slot"), school, request.user)
                messages.success(
                    request,
                    f"{school.short_name} записана: {booking.slot.date:%d.%m.%Y}, "
                    f"{booking.slot.starts_at:%H:%M}–{booking.slot.ends_at:%H:%M}.",
                )
        except slots.BookingRefused as refused:
            messages.error(request, str(refused))
        return redirect("attendance_slots")


@login_required
def booking_ics(request, booking_id):
    booking = get_object_or_404(SlotBooking.objects.select_related("slot", "event"), pk=booking_id)
    event = booking.event
    if not (
        own_schools(request.user).filter(pk=booking.school_id).exists()
        or event.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    start, end = slot_moments(booking.slot, event)
    host = request.get_host().split(":")[0]
    body = ical.build_calendar(
        [
            ical.IcsEvent(
                uid=ical.event_uid(f"slot-{booking.pk}", host),
                summary=event.title,
                start=start,
                end=end,
                description=event.summary,
                location=event.place,
                url=event.get_full_url(request),
            )
        ],
        event.title,
    )
    return download(body, ICS_CONTENT_TYPE, f"{event.slug}-{booking.slot.date}.ics")


class ScheduleView(EventAdminMixin, TemplateView):
    page_title = "График собеседований"
    template_name = "attendance/admin/schedule.html"

    def rows(self):
        rows = []
        for slot in self.event.slots.select_related("school", "booking__school").order_by(
            "date", "starts_at"
        ):
            rows.append((slot.date, slot.starts_at, slot.ends_at, slot.taken_by))
        return rows

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rows=self.rows(),
            schedule_xlsx_url=reverse("attendance_schedule_xlsx", args=[self.event.pk]),
            **kwargs,
        )


class ScheduleXlsxView(ScheduleView):
    def get(self, request):
        table = [
            [date.strftime("%d.%m.%Y"), f"{starts:%H:%M}–{ends:%H:%M}", school or "свободно"]
            for date, starts, ends, school in self.rows()
        ]
        content = xlsx_table([["Дата", "Время", "Школа"], *table], title="График")
        return download(content, XLSX_CONTENT_TYPE, f"grafik-{self.event.slug}.xlsx")
