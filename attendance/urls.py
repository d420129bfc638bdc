"""Public addresses: /sertifikat/ checks a certificate's code, /uchastnik/<token>/ is a
participant's private page."""

from django.urls import path

from . import views

urlpatterns = [
    path("sertifikat/", views.certificate_check, name="certificate_check_form"),
    path("sertifikat/<str:code>/", views.certificate_verified, name="certificate_check"),
    path("uchastnik/<str:token>/", views.participant, name="participant"),
    path(
        "uchastnik/<str:token>/sertifikat.pdf",
        views.participant_certificate,
        name="participant_certificate",
    ),
]
