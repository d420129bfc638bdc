"""The profile's admin form: what a school's editor could not choose cannot be posted either.

The school is one of the user's own (every school for a coordinator); a roadmap item is one of
the profile's school's roadmaps; a measure answers a factor the profile assesses; only a
coordinator sets «подтверждён», and who confirmed and when are recorded with it. A school's
editor who changes a confirmed profile's diagnosis sends it back for review; one who only
reports on its measures keeps the confirmation.
"""

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from roadmaps.models import RoadmapItem

from .models import FactorAssessment, State
from .permissions import reviews, schools_for

NOT_ASSESSED = "Фактор «{}» не оценён в этом профиле: сначала добавьте его оценку."
TWICE = "Фактор «{}» уже оценён в этом профиле."
OTHER_ROADMAP = "Пункт дорожной карты должен быть из дорожной карты этой школы."
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
        items = RoadmapItem.objects.select_related("page")
        if schools is not None and not self.reviewer:
            items = items.filter(page__school__in=schools)
        for form in self.formsets["measures"].forms + [self.formsets["measures"].empty_form]:
            form.fields["roadmap_item"].queryset = items

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
            if item and school and item.page.school_id != school.pk:
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


class SurveyImportForm(forms.Form):
    file = forms.FileField(label="Файл анкеты (XLSX)")
    school_year = forms.IntegerField(
        label="Учебный год", min_value=2000, max_value=2100, help_text="2025 — это 2025/2026"
    )
