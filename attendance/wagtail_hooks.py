"""The admin screens of attendance and feedback, and their buttons on an event page."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from events.models import EventPage

from . import admin_views


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
    ]


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


@hooks.register("register_page_listing_more_buttons")
def event_listing_buttons(page, user, next_url=None):
    yield from _event_buttons(page, user)
