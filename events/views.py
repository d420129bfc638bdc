"""Views of the calendar: its pages, ICS feeds, the registration form and the CSV export."""

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone

from site_cms.absolute_urls import page_url, site_host
from site_cms.exporting import CSV_CONTENT_TYPE, csv_text, download
from site_cms.page_cache import cached_while_published

from . import ical, jsonld
from .filters import EventFilterForm, by_period, events_under, filter_events
from .forms import RegistrationForm
from .listing import calendar_context
from .models import EventPage

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_page(index_page, request):
    context = index_page.get_context(request)
    context.update(calendar_context(index_page, request))
    return TemplateResponse(request, index_page.get_template(request), context)


# --- ICS -----------------------------------------------------------------------------------


def ics_event(page, request, host):
    """An event page as an IcsEvent: its UID is built from the page's translation key."""
    url = page_url(page, request)
    location = ", ".join(part for part in (page.place, page.online_url) if part)
    return ical.IcsEvent(
        uid=ical.event_uid(page.translation_key, host),
        summary=page.title,
        start=page.local_start,
        end=page.local_end,
        all_day=page.all_day,
        rrule=page.rrule,
        description="\n\n".join(part for part in (page.summary, url) if part),
        location=location,
        url=url,
        categories=(page.get_event_type_display(),),
        last_modified=page.last_published_at,
        sequence=page.sequence,
    )


def calendar_ics(index_page, request):
    form = EventFilterForm(request.GET)
    events = filter_events(events_under(index_page), form)
    host = site_host(request)
    if form.selected("period"):
        events = by_period(events, form.selected("period"))
    # Calendar applications poll the feed; it is rebuilt only after a publication.
    body = cached_while_published(
        f"events:ics:{host}:{index_page.pk}:{request.GET.urlencode()}",
        lambda: ical.build_calendar(
            [ics_event(page, request, host) for page in events], index_page.title
        ),
    )
    return download(body, ICS_CONTENT_TYPE, "calendar.ics")


def event_ics(page, request):
    body = ical.build_calendar([ics_event(page, request, site_host(request))], page.title)
    return download(body, ICS_CONTENT_TYPE, f"{page.slug}.ics")


# --- Event page and registration -------------------------------------------------------------


def send_confirmation(registration, request):
    event = registration.event
    text = render_to_string(
        "events/email/registration_confirmation.txt",
        {"registration": registration, "event": event, "url": page_url(event, request)},
    )
    send_mail(f"Регистрация: {event.title}", text, None, [registration.email])


def register(page, form, request):
    """Save a valid form unless the places ran out meanwhile; False when it could not."""
    try:
        with transaction.atomic():
            # Two visitors after the last place: the second waits here until the first has
            # saved, then counts that registration too. (PostgreSQL; SQLite's IMMEDIATE
            # transactions already let one writer in at a time.)
            EventPage.objects.select_for_update(of=("self",)).filter(pk=page.pk).values("pk").get()
            taken = page.registrations.count()
            reason = page.registration_closed_reason(taken)
            if reason:
                form.add_error(None, reason)
                return False
            registration = form.save()
    except IntegrityError:
        form.add_error("email", "С этим адресом на мероприятие уже зарегистрировались.")
        return False
    send_confirmation(registration, request)
    return True


def event_page(page, request):
    context = page.get_context(request)
    page.audiences_list = list(page.audiences.all())
    if page.has_form:
        taken = page.registrations.count()
        context["closed_reason"] = page.registration_closed_reason(taken)
        if page.capacity is not None:
            context["places_left"] = max(page.capacity - taken, 0)
        form = None
        if not context["closed_reason"]:
            if request.method == "POST":
                form = RegistrationForm(request.POST, event=page)
                if form.is_valid() and register(page, form, request):
                    return HttpResponseRedirect(page.url + "?registered=1#registration")
            else:
                form = RegistrationForm(event=page)
        context["form"] = form
        context["registered"] = request.GET.get("registered") == "1"
    context["json_ld"] = jsonld.script_content(jsonld.event_data(page, page_url(page, request)))
    context["slots"] = page.slots.select_related("school")
    context["now"] = timezone.now()
    return TemplateResponse(request, page.get_template(request), context)


# --- Admin: registrations as CSV ----------------------------------------------------------------

CSV_HEADER = ["Дата регистрации", "ФИО", "Электронная почта", "Школа / организация", "Должность"]


def registrations_csv(request, page_id):
    page = get_object_or_404(EventPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    rows = [
        [
            timezone.localtime(registration.created_at).strftime("%d.%m.%Y %H:%M"),
            registration.name,
            registration.email,
            registration.organisation_name,
            registration.role,
        ]
        for registration in page.registrations.select_related("school")
    ]
    # Visitors typed these cells: csv_text keeps a «=…» name from running as a formula.
    content = csv_text([CSV_HEADER, *rows], delimiter=";")
    return download(content, CSV_CONTENT_TYPE, f"registrations-{page.slug}.csv")
