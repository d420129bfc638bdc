"""Demo results and the «Показатели» page: three years of invented results for the demo schools.

``load`` runs from ``manage.py load_demo`` after the schools loader (it needs the demo schools
and their pages) and before ``demo.site.finish``, which links the menus and the home page to
«Показатели» by its slug. It can run again: the demo results replace the stored ones of the demo
schools and years, the grading scales and the import log entry are updated in place, the page
is re-published through one new revision.

After the results, the loader does what a coordinator would, year after year: the candidates of
each later results year that were ШНОР the year before are confirmed into the list of the school
year starting then (so the region's dynamics have ШНОР in every results year), and the other
statuses are carried over, up to the list of the school year running on the load day. The new
candidates of the latest results are left for a coordinator to confirm in the admin. (The years
follow ``demo.timeline``: loaded in December 2026, results 2024–2026 and lists up to 2026/2027.)
"""

import hashlib
import json

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from curriculum.models import Subject
from indicators.models import GradingScale, ImportLog, IndicatorPage, ResultAggregate
from indicators.results.records import COUNT_COLUMNS
from indicators.rules.candidates import candidate_rows, confirm
from indicators.rules.identification import thresholds_from_settings
from schools.models import SchoolCode, SchoolPage, SchoolStatus
from site_cms import page_cache

from . import indicators_page
from . import indicators_results as r
from .indicators_programme import load_programmes
from .publishing import publish_page
from .schools import SCHOOLS
from .site import SECTIONS, home_page
from .site import TEXT as SITE
from .users import demo_admin

LOG_NAME = f"Демонстрационные результаты {r.YEARS[0]}–{r.YEARS[-1]}"
# The results of a year propose the list of the school year starting in it (candidates.py): the
# lists after the first results year's, the last of them the current school year's.
CONFIRMED_YEARS = r.YEARS[1:]
PAGE_SCHOOL = "470101"  # the ШНОР whose results the page shows: it improved in the last year
CARRIED_OVER = [
    SchoolStatus.Status.LEADER,
    SchoolStatus.Status.UNFAVOURABLE,
    SchoolStatus.Status.RISK_ZONE,
]
CARRY_OVER_NOTE = "Статус сохранён на следующий учебный год (демонстрационные данные)."


def load(stdout):
    admin = demo_admin()
    if admin is None:
        raise RuntimeError("Сначала должен отработать загрузчик demo.site.load.")
    schools = demo_schools()
    subjects = {subject.name: subject for subject in Subject.objects.filter(name__in=r.SUBJECTS)}
    load_scales(subjects)
    rows = r.generate(
        r.DemoSchool(spec.number, spec.kind, spec.settlement == "urban") for spec in SCHOOLS
    )
    log = save_results(rows, schools, subjects)
    confirmed = {}
    for year in CONFIRMED_YEARS:
        confirmed[year] = confirm_candidates(admin, year)
        carry_over_statuses(year)
    indicators, computed = load_programmes()
    page = build_page(admin, subjects, schools, indicators, stdout)
    # School pages show the results and statuses just saved: no visitor may get older ones.
    page_cache.invalidate()
    stdout.write(
        f"Показатели: {log.rows_read} результатов школ за {r.YEARS[0]}–{r.YEARS[-1]} годы, "
        "подтверждено в перечни ШНОР: "
        + ", ".join(f"{year}/{year + 1} — {count}" for year, count in confirmed.items())
        + "; "
        f"показателей программ: {len(indicators)}, вычислено значений: {computed}; "
        f"страница опубликована ({page.url})"
    )


def demo_schools():
    """The demo schools by the digits of their logins."""
    codes = SchoolCode.objects.filter(code__in=[f"sch{spec.number}" for spec in SCHOOLS])
    found = {code.code.removeprefix("sch"): code.school for code in codes.select_related("school")}
    missing = [spec.number for spec in SCHOOLS if spec.number not in found]
    if missing:
        raise RuntimeError("Сначала должен отработать загрузчик demo.schools.load.")
    return found


def load_scales(subjects):
    for year, subject, grade, bands in r.grading_scales():
        GradingScale.objects.update_or_create(
            year=year,
            subject=subjects[subject],
            grade=grade,
            defaults={
                "min3": bands.min3,
                "min4": bands.min4,
                "min5": bands.min5,
                "max_score": bands.max_score,
            },
        )


def save_results(rows, schools, subjects):
    """Replace the demo schools' results of the demo years with ``rows``; log it as an import."""
    results = [
        ResultAggregate(
            school=schools[row["school_code"].removeprefix("sch")],
            year=row["year"],
            procedure=row["procedure"],
            subject=subjects[row["subject"]],
            grade=row["grade"],
            mean_score=row["mean_score"],
            score_sum_squares=row["score_sum_squares"],
            **{column: row[column] for column in COUNT_COLUMNS},
        )
        for row in rows
    ]
    checksum = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        # The demo years, and any year a demo load of an earlier day put in (demo.timeline).
        stored = ResultAggregate.objects.filter(school__in=schools.values()).filter(
            Q(year__in=r.YEARS) | Q(import_log__options__demo=True)
        )
        keys = {
            (result.school_id, result.year, result.procedure, result.subject_id, result.grade)
            for result in results
        }
        replaced = sum(
            key in keys
            for key in stored.values_list("school_id", "year", "procedure", "subject_id", "grade")
        )
        stored.delete()
        log, _ = ImportLog.objects.update_or_create(
            file_name=LOG_NAME,
            defaults={
                "started_at": now,
                "finished_at": now,
                "checksum": checksum,
                "options": {"demo": True},
                "rows_read": len(rows),
                "created": len(results) - replaced,
                "updated": replaced,
                "skipped": 0,
                "status": ImportLog.Status.OK,
            },
        )
        for result in results:
            result.import_log = log
        ResultAggregate.objects.bulk_create(results, batch_size=500)
    return log


def confirm_candidates(user, year):
    """Confirm the ШНОР of the year before that ``year``'s results propose again; how many."""
    previous = set(
        SchoolStatus.objects.filter(
            school_year=year - 1, status=SchoolStatus.Status.LOW_RESULTS
        ).values_list("school_id", flat=True)
    )
    rows = [
        row for row in candidate_rows(year, thresholds_from_settings()) if row.school.pk in previous
    ]
    return confirm(rows, user, year)


def carry_over_statuses(year):
    for status in SchoolStatus.objects.filter(school_year=year - 1, status__in=CARRIED_OVER):
        SchoolStatus.objects.get_or_create(
            school_id=status.school_id,
            school_year=year,
            status=status.status,
            defaults={"note": CARRY_OVER_NOTE},
        )


def build_page(user, subjects, schools, indicators, stdout):
    """«Показатели» at the shell's slug, replacing a page of another type found there."""
    home = home_page()
    slug = SECTIONS["indicators"]
    existing = home.get_children().filter(slug=slug).first()
    if existing is not None and existing.specific_class is not IndicatorPage:
        stdout.write(f"Удалена прежняя страница «{existing.title}» ({existing.url_path})")
        existing.delete()
    school_page = SchoolPage.objects.get(school=schools[PAGE_SCHOOL])
    return publish_page(
        home,
        IndicatorPage,
        slug,
        user=user,
        title=SITE["indicators"]["title"],
        intro=indicators_page.INTRO,
        search_description=indicators_page.INTRO,
        show_in_menus=True,
        body=indicators_page.body(
            subjects[r.MATHEMATICS], subjects[r.RUSSIAN], school_page, indicators
        ),
    )
