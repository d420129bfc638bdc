"""Bank of practices and materials."""

from django.apps import AppConfig
from django.db.models.signals import post_save


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Банк практик и материалов"

    def ready(self):
        from schools.signals import school_provisioned

        from . import signals
        from .models import PracticeIndexPage

        post_save.connect(
            signals.set_up_new_bank, sender=PracticeIndexPage, dispatch_uid="practices_new_bank"
        )
        school_provisioned.connect(signals.open_bank_to_school, dispatch_uid="practices_school")
