"""Bank of practices and materials."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Банк практик и материалов"

    def ready(self):
        from schools.signals import school_provisioned

        from . import signals
        from .models import PracticeCollectionPage, PracticeIndexPage, PracticePage

        self.connect_bank_index()

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

    def connect_bank_index(self):
        """Mark the banks' facet indexes stale whenever what they are made of changes: a
        practice (its publication, its terms), a term or a school (names, municipality), a view
        restriction, a move in the tree (which sends no post_save)."""
        from wagtail.models import PageViewRestriction

        from curriculum.models import EducationLevel, Subject
        from schools.models import Municipality, School

        from .bank_index import mark_stale
        from .models import Direction, PracticePage, RiskFactor

        models = (PracticePage, PageViewRestriction, EducationLevel, Subject, Direction)
        for model in (*models, RiskFactor, Municipality, School):
            for signal in (post_save, post_delete):
                signal.connect(
                    mark_stale, sender=model, dispatch_uid=f"bank_index_{model.__name__}"
                )
        post_page_move.connect(mark_stale, dispatch_uid="bank_index_move")
