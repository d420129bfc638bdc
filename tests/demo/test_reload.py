"""Loading the demo again changes nothing: one copy of everything, the same files and results.

One reload for every app's checks: a load of the demo is the slowest step of the suite.
"""

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision, WorkflowState

from demo.indicators import LOG_NAME
from demo.media import COLLECTION_NAME as DEMO_COLLECTION
from demo.practices import DRAFTS, PRACTICES
from demo.schools import PAIRS, SCHOOLS
from demo.site import SECTIONS
from events.models import EventPage
from indicators.models import GradingScale, ImportLog, IndicatorPage, ResultAggregate, TaskResult
from practices.collection_files import FOLDER as COLLECTION_FILES
from practices.models import (
    CollectionPractice,
    Material,
    PracticeAuthor,
    PracticeMaterial,
    PracticePage,
)
from schools.models import (
    Municipality,
    NetworkPair,
    QualitySectionPage,
    School,
    SchoolCode,
    SchoolNewsPage,
    SchoolPage,
    SchoolStatus,
)
from site_cms.models import InstituteSettings, NavigationSettings
from skills.models import DescribedTask, TaskDescription


def counts():
    return {
        # The site shell.
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "users": get_user_model().objects.count(),
        "collections": Collection.objects.count(),
        "settings": InstituteSettings.objects.count() + NavigationSettings.objects.count(),
        # Schools.
        "municipalities": Municipality.objects.count(),
        "schools": School.objects.count(),
        "codes": SchoolCode.objects.count(),
        "statuses": SchoolStatus.objects.count(),
        "pairs": NetworkPair.objects.count(),
        "school pages": SchoolPage.objects.count(),
        "sections": QualitySectionPage.objects.count(),
        "news": SchoolNewsPage.objects.count(),
        "groups": Group.objects.count(),
        # Practices and materials.
        "practices": PracticePage.objects.count(),
        "live practices": PracticePage.objects.live().count(),
        "authors": PracticeAuthor.objects.count(),
        "practice materials": PracticeMaterial.objects.count(),
        "collection practices": CollectionPractice.objects.count(),
        "materials": Material.objects.count(),
        "workflows in progress": WorkflowState.objects.active().count(),
        "event material links": sum(
            len(event.materials.raw_data) for event in EventPage.objects.all()
        ),
        # Results and indicators.
        "results": ResultAggregate.objects.count(),
        "scales": GradingScale.objects.count(),
        "logs": ImportLog.objects.filter(file_name=LOG_NAME).count(),
        "indicator pages": IndicatorPage.objects.count(),
        # Task descriptions and task results.
        "descriptions": TaskDescription.objects.count(),
        "described tasks": DescribedTask.objects.count(),
        "task results": TaskResult.objects.count(),
    }


def revision_count(pages):
    return Revision.page_revisions.filter(object_id__in=[str(page.pk) for page in pages]).count()


def media_files(root):
    """The demo's files; a collection's PDF is left out: republished, the collection gets its
    book typeset anew under a new name (one copy, checked in the test)."""
    return sorted(
        path.name
        for path in root.rglob("*")
        if path.is_file() and COLLECTION_FILES not in path.relative_to(root).parts
    )


def test_loading_twice_leaves_one_copy_of_everything(demo_loaded, db, demo_media_root):
    first = counts()
    files = media_files(demo_media_root)
    revisions = Revision.objects.count()
    bank = Page.objects.get(slug=SECTIONS["practices"])
    banks = [*bank.get_descendants(inclusive=True), Page.objects.get(slug=SECTIONS["materials"])]
    events = list(EventPage.objects.all())
    bank_revisions, event_revisions = revision_count(banks), revision_count(events)
    means = sorted(ResultAggregate.objects.values_list("mean_score", flat=True))
    task_points = sorted(TaskResult.objects.values_list("points", flat=True))

    call_command("load_demo", stdout=StringIO())

    assert counts() == first
    assert media_files(demo_media_root) == files
    assert len([*demo_media_root.rglob(f"{COLLECTION_FILES}/*/*.pdf")]) == 1
    assert first["pages"] >= 16
    # The shell's own images and documents; apps add theirs in their own collections.
    shell = Collection.objects.get(name=DEMO_COLLECTION)
    assert get_image_model().objects.filter(collection=shell).count() == 4
    assert get_document_model().objects.filter(collection=shell).count() == 2
    # Each page was re-published through one new revision.
    assert Revision.objects.count() == revisions + first["pages"] - 1

    assert first["schools"] == len(SCHOOLS)
    assert first["pairs"] == len(PAIRS)

    # Each page of the banks gets one new revision per load; the events get only the calendar's
    # own, since their materials are already attached.
    assert revision_count(banks) == bank_revisions + len(banks)
    assert revision_count(events) == event_revisions + len(events)
    assert first["practices"] == len(PRACTICES) + len(DRAFTS)

    # 19 schools, 3 years, 2 subjects: 3 ВПР and 1 ОГЭ each, ЕГЭ in the 13 senior schools.
    assert first["results"] == 19 * 3 * 2 * 4 + 13 * 3 * 2
    assert first["scales"] == 3 * 2 * 3 and first["logs"] == first["indicator pages"] == 1
    assert sorted(ResultAggregate.objects.values_list("mean_score", flat=True)) == means

    # Grades 4 and 5, two subjects: 15 + 16 + 20 + 21 tasks a school and year.
    assert first["descriptions"] == 4 and first["described tasks"] == 72
    assert first["task results"] == 19 * 3 * 72
    assert sorted(TaskResult.objects.values_list("points", flat=True)) == task_points
