"""The ШНОР candidate list in the admin: the rules' proposals with evidence, confirmed by hand.

``identification.candidates`` proposes the schools; a coordinator or an institute editor reads
the evidence and confirms a school into its status (``schools.SchoolStatus``, «ШНОР»). The
results of year Y propose the list for the school year that starts in Y (Y/Y+1): the list is
approved after the spring's assessments, for the next school year. Confirming is idempotent: a
school that already has the ШНОР status that school year keeps its row.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied
from django.views.generic import View
from wagtail.admin import messages

from schools.models import School, SchoolStatus
from site_cms import page_cache
from site_cms.admin_screens import AdminScreenMixin

from ..models import ResultAggregate
from ..results.queries import aggregates_frame
from .identification import (
    RULE_BELOW_MEAN,
    RULE_FAILING_SHARE,
    lower_first,
    percent,
    thresholds_from_settings,
)
from .identification import candidates as find_candidates

# The roles of site_cms/migrations/0003_create_roles.py that keep the list of ШНОР.

RULE_MAX_LENGTH = SchoolStatus._meta.get_field("rule").max_length


def can_confirm(user):
    """Coordinators and institute editors (migration indicators 0003) and superusers."""
    return user.is_active and user.has_perm("schools.add_schoolstatus")


def result_years():
    """The years that have results, newest first."""
    years = ResultAggregate.objects.order_by("-year").values_list("year", flat=True)
    return list(years.distinct())


@dataclass
class CandidateRow:
    school: School
    rules: list[str]
    evidence: dict[str, list[str]]
    statuses: list[SchoolStatus] = field(default_factory=list)

    @property
    def confirmed(self):
        return any(s.status == SchoolStatus.Status.LOW_RESULTS for s in self.statuses)

    @property
    def basis(self):
        """«Выявлена по правилу A: …» as the status keeps it, shortened to fit its field."""
        word = "правилу" if len(self.rules) == 1 else "правилам"
        texts = "; ".join(text for rule in self.rules for text in self.evidence[rule])
        text = f"Выявлена по {word} {' и '.join(self.rules)}: {texts}"
        if len(text) > RULE_MAX_LENGTH:
            text = text[: RULE_MAX_LENGTH - 1].rstrip() + "…"
        return text

    @property
    def note(self):
        """All the evidence, one line each, for the status's note."""
        return "\n".join(
            f"Правило {rule}: {text}" for rule in self.rules for text in self.evidence[rule]
        )


def candidate_rows(year, thresholds):
    """The candidates of ``year`` with their schools and statuses that school year: 3 queries."""
    years_back = max(thresholds.consecutive_years, thresholds.below_mean_years)
    frame = aggregates_frame(year__gte=year - years_back + 1, year__lte=year)
    found = find_candidates(frame, year, thresholds)
    pks = [int(candidate.school_code) for candidate in found]
    schools = School.objects.select_related("municipality").in_bulk(pks)
    rows = {}
    for candidate in found:
        evidence = {rule: [] for rule in candidate.rules}
        for item in candidate.evidence:
            evidence[item.rule].append(item.text)
        school = schools[int(candidate.school_code)]
        rows[school.pk] = CandidateRow(school, candidate.rules, evidence)
    for status in SchoolStatus.objects.filter(school_id__in=pks, school_year=year):
        rows[status.school_id].statuses.append(status)
    return sorted(
        rows.values(), key=lambda row: (row.school.municipality.name, row.school.short_name)
    )


def confirm(rows, user, year):
    """Give each row's school the ШНОР status in the school year ``year``; returns how many
    statuses were added (schools that had it keep their row)."""
    added = 0
    with transaction.atomic(), page_cache.invalidated_once():
        for row in rows:
            if row.confirmed:
                continue
            row.statuses.append(
                SchoolStatus.objects.create(
                    school=row.school,
                    school_year=year,
                    status=SchoolStatus.Status.LOW_RESULTS,
                    rule=row.basis,
                    note=row.note,
                    created_by=user,
                )
            )
            added += 1
    return added


class CandidatesView(AdminScreenMixin, View):
    """Candidates of a year (GET ``?year=``) and confirming them (POST: ``confirm`` one school
    or the checked ``selected`` ones)."""

    page_title = "Кандидаты в ШНОР"
    header_icon = "warning"
    template_name = "indicators/admin/candidates.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_confirm(request.user):
            return permission_denied(request, PermissionDenied())
        self.years = result_years()
        self.thresholds = thresholds_from_settings()
        return super().dispatch(request, *args, **kwargs)

    def get_year(self, data):
        year = data.get("year", "")
        if year.isdigit() and int(year) in self.years:
            return int(year)
        return self.years[0] if self.years else None

    def get(self, request):
        year = self.get_year(request.GET)
        rows = candidate_rows(year, self.thresholds) if year else []
        context = self.get_context_data(
            year=year,
            school_year=f"{year}/{year + 1}" if year else "",
            years=self.years,
            rows=rows,
            pending=any(not row.confirmed for row in rows),
            thresholds=self.thresholds,
            rule_a=RULE_FAILING_SHARE,
            rule_b=RULE_BELOW_MEAN,
            failing_share=percent(self.thresholds.failing_share),
            subjects=", ".join(map(lower_first, self.thresholds.subjects)),
            action_url=reverse("indicators_candidates"),
        )
        return TemplateResponse(request, self.template_name, context)

    def post(self, request):
        year = self.get_year(request.POST)
        if year is None:
            return redirect("indicators_candidates")
        chosen = set(request.POST.getlist("confirm") or request.POST.getlist("selected"))
        rows = [
            row for row in candidate_rows(year, self.thresholds) if str(row.school.pk) in chosen
        ]
        if not rows:
            messages.warning(request, "Не выбрана ни одна школа из списка кандидатов.")
        else:
            added = confirm(rows, request.user, year)
            messages.success(
                request,
                f"Статус ШНОР на {year}/{year + 1} учебный год подтверждён: школ — {added}"
                + (f", уже были со статусом — {len(rows) - added}" if added < len(rows) else "")
                + ".",
            )
        return redirect(f"{reverse('indicators_candidates')}?year={year}")
