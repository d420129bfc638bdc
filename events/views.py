"""Views of the calendar: its pages, ICS feeds, the registration form and the CSV export."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from site_cms.absolute_urls import page_url, site_host
from site_cms.client_ip import client_ip
from site_cms.exporting import CSV_CONTENT_TYPE, csv_text, download
from site_cms.page_cache import cached_while_published

from . import emails, ical, jsonld, rate_limit, registration_flow
from .filters import EventFilterForm, by_period, events_under, filter_events
from .forms import ALREADY_REGISTERED, RegistrationForm
from .listing import calendar_context
from .models import EventIndexPage, EventPage, Registration, RegistrationStatus
from .templatetags.event_tags import event_when, session_change

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_page(index_page, request):
    context = index_page.get_context(request)
    context.update(calendar_context(index_page, request))
    return TemplateResponse(request, index_page.get_template(request), context)


# --- ICS -----------------------------------------------------------------------------------


def ics_event(page, request, host):
    """An event page as an IcsEvent: its UID is built from the page's translation key."""
    url = page_url(page, request)
    # The join link is for registered participants only: their e-mails carry it.
    location = page.place or ("онлайн" if page.is_online else "")
    exdates, rdates = page.exception_dates()
    changes = "\n".join(
        f"{event_when(page, moment)}: {session_change(page, exception)}"
        for moment, exception in page.changed_sessions()
    )
    return ical.IcsEvent(
        uid=ical.event_uid(page.translation_key, host),
        summary=page.title,
        start=page.local_start,
        end=page.local_end,
        all_day=page.all_day,
        rrule=page.rrule,
        exdates=tuple(exdates),
        rdates=tuple(rdates),
        description="\n\n".join(part for part in (page.summary, changes, url) if part),
        location=location,
        url=url,
        categories=(page.get_event_type_display(),),
        last_modified=page.last_published_at,
        sequence=page.sequence,
    )


def calendar_ics(index_page, request):
    form = EventFilterForm(request.GET)
    events = filter_events(events_under(index_page), form).prefetch_related("exceptions")
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

RATE_LIMITED = "Слишком много заявок с этого адреса. Попробуйте позже."


def privacy_url(page, request):
    """The privacy policy the consent links to: the one chosen on the event's calendar."""
    calendar = EventIndexPage.objects.filter(pk=page.get_parent().pk).first()
    policy = calendar.privacy_policy if calendar else None
    return policy.get_url(request) if policy and policy.live else ""


def register(page, form, request):
    """Take a valid form: a pending registration and the e-mail with its confirmation link."""
    if not rate_limit.allow(client_ip(request), form.cleaned_data["email"]):
        form.add_error(None, RATE_LIMITED)
        return False
    try:
        registration = registration_flow.submit(form, timezone.now())
    except IntegrityError:
        form.add_error("email", ALREADY_REGISTERED)
        return False
    emails.send_confirm_request(registration, request)
    return True


def event_page(page, request):
    context = page.get_context(request)
    page.audiences_list = list(page.audiences.all())
    status = 200
    if page.has_form:
        taken = page.seats_taken()
        context["closed_reason"] = page.registration_closed_reason()
        context["full"] = page.is_full(taken)
        context["places_left"] = page.places_left(taken)
        form = None
        if not context["closed_reason"]:
            form_options = {"event": page, "privacy_url": privacy_url(page, request)}
            if request.method == "POST":
                form = RegistrationForm(request.POST, **form_options)
                if form.is_valid():
                    # A bot that filled the hidden field sees success and gets nothing.
                    if form.is_bot or register(page, form, request):
                        return HttpResponseRedirect(page.url + "?registered=1#registration")
                    if form.non_field_errors() == [RATE_LIMITED]:
                        status = 429
            else:
                form = RegistrationForm(**form_options)
        context["form"] = form
        context["registered"] = request.GET.get("registered") == "1"
        context["confirm_hours"] = settings.REGISTRATION_CONFIRM_HOURS
    context["json_ld"] = jsonld.script_content(jsonld.event_data(page, page_url(page, request)))
    context["slots"] = page.slots.select_related("school", "booking__school")
    context["now"] = timezone.now()
    return TemplateResponse(request, page.get_template(request), context, status=status)


def private(response):
    """A visitor's own registration: never kept by the page cache or a proxy."""
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response


def _registration_or_404(page, token):
    return get_object_or_404(Registration.objects.select_related("event"), event=page, token=token)


def confirm_registration(page, request, token):
    """The link in the first e-mail: a seat (or the waiting list), then the registration's page.

    A GET, as a link is: following it twice changes nothing.
    """
    registration = _registration_or_404(page, token)
    now = timezone.now()
    pending = registration.status == RegistrationStatus.PENDING
    if pending and registration_flow.confirm_deadline(registration) < now:
        return registration_page(page, request, token, expired=True)
    if pending:
        registration = registration_flow.confirm(registration, now)
        kind = emails.CONFIRMED if registration.holds_seat else emails.WAITING
        emails.send_status(registration, kind, request)
    return private(HttpResponseRedirect(emails.registration_url(registration, request)))


def registration_page(page, request, token, expired=False):
    """A visitor's own registration: its status, the join link for a seat, and cancelling."""
    registration = _registration_or_404(page, token)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        promoted = registration_flow.cancel(registration, timezone.now())
        if promoted:
            emails.send_status(promoted, emails.PROMOTED, request)
        return private(HttpResponseRedirect(request.path))
    seat = registration.holds_seat
    context = page.get_context(request)
    context.update(
        {
            "registration": registration,
            "expired": expired,
            "seat": seat,
            "join_url": page.online_url if seat and page.is_online else "",
            "can_cancel": registration.status != RegistrationStatus.CANCELLED and not expired,
            "now": timezone.now(),
        }
    )
    return private(TemplateResponse(request, "events/registration_page.html", context))


# --- Admin: registrations as CSV ----------------------------------------------------------------

CSV_HEADER = [
    "Дата регистрации",
    "ФИО",
    "Электронная почта",
    "Школа / организация",
    "Должность",
    "Состояние",
    "Согласие на обработку данных",
]


def _local(moment):
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else ""


def registrations_csv(request, page_id):
    page = get_object_or_404(EventPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    rows = [
        [
            _local(registration.created_at),
            registration.name,
            registration.email,
            registration.organisation_name,
            registration.role,
            registration.get_status_display(),
            _local(registration.consent_at),
        ]
        for registration in page.registrations.select_related("school")
    ]
    # Visitors typed these cells: csv_text keeps a «=…» name from running as a formula.
    content = csv_text([CSV_HEADER, *rows], delimiter=";")
    return download(content, CSV_CONTENT_TYPE, f"registrations-{page.slug}.csv")
