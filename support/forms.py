"""The profile's admin form: what a school's editor could not choose cannot be posted either.

The school is one of the user's own (every school for a coordinator); a roadmap item is one of
the roadmaps that concern the profile's school — its own, its municipality's, the region's —
and the list offers only those (before a coordinator's new profile names its school, the
region's); a measure answers a factor the profile assesses; only a
coordinator sets «подтверждён», and who confirmed and when are recorded with it. A school's
editor who changes a confirmed profile's diagnosis sends it back for review; one who only
reports on its measures keeps the confirmation.
"""

from django import forms
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from roadmaps.models import RoadmapItem, RoadmapPage
from schools.models import School

from .models import FactorAssessment, State
from .permissions import reviews, schools_for

NOT_ASSESSED = "Фактор «{}» не оценён в этом профиле: сначала добавьте его оценку."
TWICE = "Фактор «{}» уже оценён в этом профиле."
OTHER_ROADMAP = (
    "Пункт дорожной карты должен быть из дорожной карты этой школы, её муниципалитета или региона."
)
EDITOR_STATES = [State.DRAFT, State.REVIEW]
KEEPS_CONFIRMATION = (
    "Профиль подтверждён координатором. Изменения мер подтверждения не снимают; изменение "
    "факторов, дефицитов или численности педагогов отправит профиль на проверку."
)


class RiskProfileForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.reviewer = for_user is not None and reviews(for_user)
        schools = schools_for(for_user) if for_user is not None else None
        if schools is not None and "school" in self.fields:
            self.fields["school"].queryset = schools.select_related(None).order_by("short_name")
        self.was_confirmed = self.instance.state == State.CONFIRMED
        if not self.reviewer:
            self.fields["state"].choices = [(s.value, s.label) for s in EDITOR_STATES]
            if self.was_confirmed:
                self.initial["state"] = State.REVIEW
                self.fields["state"].help_text = KEEPS_CONFIRMATION
        items = roadmap_items_for(self._concerned_schools(schools))

        def limit(form):
            form.fields["roadmap_item"].queryset = items
            form.fields["roadmap_item"].label_from_instance = item_label

        measures = self.formsets["measures"]
        add_fields = measures.add_fields

        def add_fields_limited(form, index):
            add_fields(form, index)
            limit(form)

        # The empty form (the page's «add a measure» template) is built anew on each access,
        # so the limit goes where every later form of the formset gets its fields.
        measures.add_fields = add_fields_limited
        for form in measures.forms:
            limit(form)

    def _concerned_schools(self, schools):
        """The schools whose roadmaps the measures may point to: the profile's (or the posted)
        school, else the editor's own; None for a coordinator's new profile."""
        school_id = self.instance.school_id or (self.data.get("school") if self.is_bound else None)
        if schools is None:
            return School.objects.filter(pk=school_id) if school_id else None
        if school_id and str(school_id).isdigit():
            return schools.filter(pk=school_id)
        return None if self.reviewer else schools

    def clean(self):
        cleaned = super().clean()
        school = cleaned.get("school") or getattr(self.instance, "school", None)
        forms = self.formsets["assessments"].forms
        # Rows a POST leaves out are kept as they are: they count too.
        posted = [form.instance.pk for form in forms if form.instance.pk]
        assessed = set(
            FactorAssessment.objects.filter(profile_id=self.instance.pk)
            .exclude(pk__in=posted)
            .values_list("factor_id", flat=True)
            if self.instance.pk
            else ()
        )
        for form in forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            factor = form.cleaned_data.get("factor")
            if factor and factor.pk in assessed:
                form.add_error("factor", TWICE.format(factor))
            elif factor:
                assessed.add(factor.pk)
        for form in self.formsets["measures"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            factor = form.cleaned_data.get("factor")
            if factor and factor.pk not in assessed:
                form.add_error("factor", NOT_ASSESSED.format(factor))
            item = form.cleaned_data.get("roadmap_item")
            if item and school and not concerns(item.page, school):
                form.add_error("roadmap_item", OTHER_ROADMAP)
        return cleaned

    def changes_the_diagnosis(self):
        """Whether the factors, deficits or teachers' counts changed, not only the measures."""
        # Reordering the rows changes nothing.
        return bool(set(self.changed_data) - {"state"}) or any(
            set(form.changed_data) - {"ORDER"} for form in self.formsets["assessments"].forms
        )

    def save(self, commit=True):
        profile = self.instance
        if self.was_confirmed and not self.reviewer and not self.changes_the_diagnosis():
            # A school reporting on its measures keeps the confirmation of its diagnosis.
            profile.state = State.CONFIRMED
        if profile.state == State.CONFIRMED and "state" in self.changed_data:
            profile.confirmed_by = self.for_user
            profile.confirmed_at = timezone.now()
        elif profile.state != State.CONFIRMED:
            profile.confirmed_by = profile.confirmed_at = None
        return super().save(commit=commit)


def roadmap_items_for(schools):
    """Items of the roadmaps that concern any of ``schools`` (a queryset; None: no school yet,
    the region's roadmaps only), with their pages."""
    Level = RoadmapPage.Level
    region = Q(page__level=Level.REGION, page__school__isnull=True)
    if schools is None:
        return RoadmapItem.objects.filter(region).select_related("page")
    return RoadmapItem.objects.filter(
        region
        | Q(page__school__in=schools)
        | Q(
            page__level=Level.MUNICIPALITY,
            page__school__isnull=True,
            page__municipality__in=schools.values("municipality_id"),
        )
    ).select_related("page")


def concerns(roadmap, school):
    """Whether a measure of ``school`` may point to an item of ``roadmap``."""
    Level = RoadmapPage.Level
    if roadmap.school_id is not None:
        return roadmap.school_id == school.pk
    if roadmap.level == Level.MUNICIPALITY:
        return roadmap.municipality_id == school.municipality_id
    return roadmap.level == Level.REGION


def item_label(item):
    """«Дорожная карта школы: 1.2 Семинар»: items of several roadmaps are in one list."""
    return f"{item.page.title}: {item}"


class SurveyImportForm(forms.Form):
    file = forms.FileField(label="Файл анкеты (XLSX)")
    school_year = forms.IntegerField(
        label="Учебный год", min_value=2000, max_value=2100, help_text="2025 — это 2025/2026"
    )
