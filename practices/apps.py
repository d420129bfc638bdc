"""Bank of practices and materials."""

from django.apps import AppConfig
from django.db.models.signals import post_save
from wagtail.signals import page_published, page_unpublished


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Банк практик и материалов"

    def ready(self):
        from schools.signals import school_provisioned

        from . import signals
        from .models import PracticeCollectionPage, PracticeIndexPage, PracticePage

        post_save.connect(
            signals.set_up_new_bank, sender=PracticeIndexPage, dispatch_uid="practices_new_bank"
        )
        school_provisioned.connect(signals.open_bank_to_school, dispatch_uid="practices_school")
        page_published.connect(
            signals.build_published_collection,
            sender=PracticeCollectionPage,
            dispatch_uid="practices_collection_published",
        )
        for signal in (page_published, page_unpublished):
            signal.connect(
                signals.build_collections_of_practice,
                sender=PracticePage,
                dispatch_uid=f"practices_collections_of_practice_{signal is page_published}",
            )
