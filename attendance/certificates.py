"""Certificates of participation: issued to an ended event's attendees, typeset by WeasyPrint
in the task worker, kept in private storage and sent to their owners by a private link.

The PDF is one HTML page (``attendance/certificate_pdf.html``, its stylesheet inline) that
loads nothing: the URL fetcher refuses every address. It states the participant's full name,
the event, its date and hours, and the code that /sertifikat/<код>/ verifies.
"""

import secrets

from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from events.calendar_grid import last_day
from site_cms.models import InstituteSettings
from site_cms.private_storage import PrivateStorage

from .hours import certificate_hours
from .models import Attendance, Certificate

FOLDER = "certificates"
TEMPLATE = "attendance/certificate_pdf.html"
BASE_URL = "https://certificate.invalid/"


def event_hours(event):
    days = None
    if event.all_day:
        days = (last_day(event.local_start, event.local_end, True) - event.local_start.date()).days
        days += 1
    return certificate_hours(event.duration, len(event.occurrences()), days=days)


def has_ended(event, now=None):
    return event.series_end <= (now or timezone.now())


def issue(event, now=None):
    """Certificates for the attendees of an ended event who have none yet; queues their PDFs.
    Safe to call again: it issues each certificate once. Returns how many it issued."""
    if not has_ended(event, now):
        return 0
    attendances = list(
        Attendance.objects.filter(registration__event=event, certificate__isnull=True)
        .select_related("registration")
        .order_by("registration__name")
    )
    if not attendances:
        return 0
    hours, date = event_hours(event), event.local_start.date()
    certificates = Certificate.objects.bulk_create(
        Certificate(
            attendance=attendance,
            event=event,
            participant=attendance.registration.name,
            event_title=event.title,
            event_date=date,
            hours=hours,
        )
        for attendance in attendances
    )
    from .tasks import build_certificate  # the tasks module imports this one

    # The database backend stores the task in this transaction: the worker sees it on commit.
    for certificate in certificates:
        build_certificate.enqueue(certificate.pk)
    return len(certificates)


# --- The PDF ------------------------------------------------------------------------------------


def initials(name):
    """«И. М. П.» for «Иванова Мария Петровна»: what the public check shows of a participant."""
    return " ".join(f"{part[0].upper()}." for part in name.replace("-", " ").split())


def render_pdf(certificate):
    # Imported when used: WeasyPrint takes half a second to import, and every process (a
    # management command too) loads this module through the app's signals.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"the certificate loads no outside resources: {url}")

    event = certificate.event
    site = event.get_site()
    html = render_to_string(
        TEMPLATE,
        {
            "certificate": certificate,
            "institute": InstituteSettings.for_site(site) if site else None,
            "verify_url": site.root_url + reverse("certificate_check", args=[certificate.code])
            if site
            else "",
        },
    )
    return HTML(string=html, base_url=BASE_URL, url_fetcher=NoFetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def storage():
    return PrivateStorage()


def build(certificate):
    """Typeset the certificate's PDF unless it exists, then e-mail its owner once."""
    if not certificate.file:
        # A random folder: knowing a code is not enough to find its file on the disk.
        name = f"{FOLDER}/{secrets.token_urlsafe(12)}/{certificate.code}.pdf"
        certificate.file = storage().save(name, ContentFile(render_pdf(certificate)))
        certificate.save(update_fields=["file"])
    # Claimed by update() before sending: a certificate built twice is still sent once.
    claimed = Certificate.objects.filter(
        pk=certificate.pk, emailed_at=None, attendance__isnull=False
    ).update(emailed_at=timezone.now())
    if claimed:
        send_certificate(certificate)


def stored_pdf(certificate):
    if not certificate.file or not storage().exists(certificate.file):
        return None
    with storage().open(certificate.file, "rb") as file:
        return file.read()


def participant_url(attendance):
    site = attendance.registration.event.get_site()
    path = reverse("participant", args=[attendance.token])
    return (site.root_url if site else "") + path


def send_certificate(certificate):
    """The e-mail with the participant's private link: the certificate and the feedback form."""
    attendance = Attendance.objects.select_related("registration__event").get(
        pk=certificate.attendance_id
    )
    registration = attendance.registration
    text = render_to_string(
        "attendance/email/certificate.txt",
        {"certificate": certificate, "url": participant_url(attendance)},
    )
    send_mail(f"Сертификат участника: {certificate.event_title}", text, None, [registration.email])


def delete_file(certificate):
    if certificate.file:
        storage().delete(certificate.file)
