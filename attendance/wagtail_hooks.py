"""The admin screens of attendance and feedback, and their buttons on an event page."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from events.models import EventPage
from schools.permissions import own_schools

from . import admin_views, slot_views
from .models import SlotBooking


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path(
            "attendance/<int:page_id>/",
            admin_views.AttendanceListView.as_view(),
            name="attendance_list",
        ),
        path(
            "attendance/<int:page_id>/import/",
            admin_views.AttendanceImportView.as_view(),
            name="attendance_import",
        ),
        path(
            "attendance/<int:page_id>/feedback/",
            admin_views.FeedbackView.as_view(),
            name="attendance_feedback",
        ),
        path(
            "attendance/<int:page_id>/feedback.xlsx",
            admin_views.FeedbackXlsxView.as_view(),
            name="attendance_feedback_xlsx",
        ),
        path("sobesedovaniya/", slot_views.SchoolSlotsView.as_view(), name="attendance_slots"),
        path(
            "sobesedovaniya/<int:booking_id>.ics",
            slot_views.booking_ics,
            name="attendance_booking_ics",
        ),
        path(
            "attendance/<int:page_id>/schedule/",
            slot_views.ScheduleView.as_view(),
            name="attendance_schedule",
        ),
        path(
            "attendance/<int:page_id>/schedule.xlsx",
            slot_views.ScheduleXlsxView.as_view(),
            name="attendance_schedule_xlsx",
        ),
    ]


class SchoolSlotsMenuItem(MenuItem):
    def is_shown(self, request):
        return own_schools(request.user).exists()


@hooks.register("register_admin_menu_item")
def school_slots_menu_item():
    return SchoolSlotsMenuItem(
        "Собеседования", reverse("attendance_slots"), icon_name="date", order=260
    )


class BookingsPanel(Component):
    """The dashboard of a school's editors: their schools' booked times."""

    name = "school_slot_bookings"
    order = 120
    template_name = "attendance/admin/bookings_panel.html"

    def __init__(self, bookings):
        self.bookings = bookings

    def get_context_data(self, parent_context):
        return {"bookings": self.bookings, "slots_url": reverse("attendance_slots")}


@hooks.register("construct_homepage_panels")
def bookings_panel(request, panels):
    bookings = list(
        SlotBooking.objects.filter(school__in=own_schools(request.user))
        .select_related("slot", "event", "school")
        .order_by("slot__date", "slot__starts_at")
    )
    if bookings:
        panels.append(BookingsPanel(bookings))


def _event_buttons(page, user):
    if page.specific_class is not EventPage or not page.permissions_for_user(user).can_edit():
        return
    if not page.specific_deferred.has_form:
        return
    yield Button(
        "Посещаемость", reverse("attendance_list", args=[page.pk]), icon_name="tick", priority=61
    )
    yield Button(
        "Отзывы участников",
        reverse("attendance_feedback", args=[page.pk]),
        icon_name="comment",
        priority=62,
    )


@hooks.register("register_page_header_buttons")
def event_header_buttons(page, user, view_name=None, next_url=None):
    yield from _event_buttons(page, user)
    # In the page's header only: a listing would ask every row for its slots.
    if (
        page.specific_class is EventPage
        and page.permissions_for_user(user).can_edit()
        and page.specific_deferred.slots.exists()
    ):
        yield Button(
            "График собеседований",
            reverse("attendance_schedule", args=[page.pk]),
            icon_name="table",
            priority=63,
        )


@hooks.register("register_page_listing_more_buttons")
def event_listing_buttons(page, user, next_url=None):
    yield from _event_buttons(page, user)
