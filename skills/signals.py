"""Task descriptions make the page cache stale when they change: school pages show their skills.
The practices found for the skills are searched for again (``tasks.match_skills``) when the
descriptions change and when the bank's practices change where the search sees them: on the
signals that keep the search index current (``search.signals``)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from practices.models import PracticePage
from site_cms.signals import refresh_on_change

from .models import DescribedTask, TaskDescription
from .tasks import match_skills_on_commit


def on_change(sender, **kwargs):
    match_skills_on_commit()


def on_pages_moved(sender, instance, **kwargs):
    # A practice or a page above practices: their URLs change, and they may come under a
    # restriction or out of one.
    if PracticePage.objects.descendant_of(instance, inclusive=True).exists():
        match_skills_on_commit()


def on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()  # gone when it is being deleted
    if page is not None:
        on_pages_moved(sender, page)


def connect():
    # Its tasks and code texts are written with it (bulk, without signals) and go with it.
    refresh_on_change(TaskDescription)
    for signal in (post_save, post_delete):
        # The import writes the tasks in bulk, without signals: the description's own come.
        for model in (TaskDescription, DescribedTask):
            signal.connect(
                on_change,
                sender=model,
                dispatch_uid=f"skills_{model._meta.model_name}_{signal is post_save}",
            )
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"skills_page_restriction_{signal is post_save}",
        )
    practice_signals = {
        "published": page_published,
        "unpublished": page_unpublished,
        "deleted": post_delete,
    }
    for name, signal in practice_signals.items():
        signal.connect(on_change, sender=PracticePage, dispatch_uid=f"skills_practice_{name}")
    post_page_move.connect(on_pages_moved, dispatch_uid="skills_pages_moved")
