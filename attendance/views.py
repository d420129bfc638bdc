"""Public views: the certificate check, and the participant's private page (certificate
download and feedback form), found by the token in the e-mailed link."""

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control

from site_cms.exporting import download

from . import certificates
from .forms import CertificateCheckForm, FeedbackForm
from .models import Attendance, Certificate

# A participant who finds the PDF missing asks the worker for it at most this often.
BUILD_REQUEST_SECONDS = 10 * 60


def normalised_code(text):
    code = "".join(text.split()).upper().replace("O", "0").replace("I", "1").replace("L", "1")
    if len(code) == 8:
        code = f"{code[:4]}-{code[4:]}"
    return code


def certificate_check(request):
    form = CertificateCheckForm(request.GET or None)
    if form.is_valid():
        return redirect("certificate_check", normalised_code(form.cleaned_data["kod"]))
    return TemplateResponse(request, "attendance/certificate_check.html", {"form": form})


# A revoked certificate must stop verifying at once: its answer is not kept by the page cache.
@cache_control(private=True)
def certificate_verified(request, code):
    certificate = get_object_or_404(
        Certificate.objects.select_related("event"), code=normalised_code(code)
    )
    context = {
        "certificate": certificate,
        "initials": certificates.initials(certificate.participant),
        "form": CertificateCheckForm(),
    }
    return TemplateResponse(request, "attendance/certificate_verified.html", context)


def participant_attendance(token):
    return get_object_or_404(
        Attendance.objects.select_related("registration__event", "certificate", "feedback"),
        token=token,
    )


@cache_control(private=True, no_store=True)
def participant(request, token):
    attendance = participant_attendance(token)
    event = attendance.registration.event
    certificate = getattr(attendance, "certificate", None)
    feedback = getattr(attendance, "feedback", None)
    form = None
    if feedback is None:
        form = FeedbackForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            form.instance.attendance = attendance
            form.instance.event = event
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:
                pass  # answered meanwhile in another tab: the first answer counts
            return HttpResponseRedirect(request.path + "#feedback")
    if certificate is not None and not certificate.file:
        request_build(certificate)
    context = {
        "attendance": attendance,
        "event": event,
        "certificate": certificate,
        "feedback": feedback,
        "form": form,
        "pdf_url": reverse("participant_certificate", args=[attendance.token]),
    }
    response = TemplateResponse(request, "attendance/participant.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@cache_control(private=True, no_store=True)
def participant_certificate(request, token):
    attendance = participant_attendance(token)
    certificate = getattr(attendance, "certificate", None)
    pdf = certificates.stored_pdf(certificate) if certificate else None
    if pdf is None:
        raise Http404("Сертификат ещё не готов.")
    return download(pdf, "application/pdf", f"sertifikat-{certificate.code}.pdf")


def request_build(certificate):
    """Queue the PDF again if the worker lost it, at most once in ``BUILD_REQUEST_SECONDS``."""
    from .tasks import build_certificate  # the tasks module imports certificates

    if cache.add(f"certificate-build:{certificate.pk}", True, BUILD_REQUEST_SECONDS):
        build_certificate.enqueue(certificate.pk)
