"""Certificates are typeset and sent by the task worker (``certificates.build``)."""

from django_tasks import task

from . import certificates
from .models import Certificate


@task()
def build_certificate(certificate_id):
    certificate = Certificate.objects.select_related("event").filter(pk=certificate_id).first()
    if certificate is not None:
        certificates.build(certificate)
