"""Admin → Поддержка школ → «Карта рисков»: the coordinators' matrix of schools × risk factors
for a school year, filtered by municipality, the profile's state and the school's status, with
totals per factor and the same table as XLSX, in a number of queries that does not grow
with the schools."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.defaults import permission_denied
from django.views.generic import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from practices.models import RiskFactor
from schools.models import Municipality, SchoolStatus
from site_cms.exporting import XLSX_CONTENT_TYPE, download, xlsx_table

from .models import FactorAssessment, RiskProfile, State
from .permissions import reviews
from .risk_map import DEFICIT_LABELS, build_map, map_profiles


class MapForm(forms.Form):
    year = forms.TypedChoiceField(label="Учебный год", coerce=int, required=False)
    municipality = forms.ModelChoiceField(
        label="Муниципалитет",
        queryset=Municipality.objects.order_by("name"),
        empty_label="Все",
        required=False,
    )
    state = forms.ChoiceField(
        label="Состояние профиля", choices=[("", "Любое"), *State.choices], required=False
    )
    status = forms.ChoiceField(
        label="Статус школы", choices=[("", "Любой"), *SchoolStatus.Status.choices], required=False
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}/{year + 1}") for year in years]


class RiskMapView(WagtailAdminTemplateMixin, View):
    page_title = "Карта рисков"
    header_icon = "table"
    template_name = "support/admin/risk_map.html"

    def dispatch(self, request, *args, **kwargs):
        if not reviews(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request):
        years = list(
            RiskProfile.objects.order_by("-school_year")
            .values_list("school_year", flat=True)
            .distinct()
        )
        asked = MapForm(request.GET, years=years)
        asked.is_valid()
        data = asked.cleaned_data
        year = data.get("year") or (years[0] if years else None)
        profiles = RiskProfile.objects.filter(school_year=year)
        if data.get("municipality"):
            profiles = profiles.filter(school__municipality=data["municipality"])
        if data.get("state"):
            profiles = profiles.filter(state=data["state"])
        if data.get("status"):
            chosen = SchoolStatus.objects.filter(school_year=year, status=data["status"])
            profiles = profiles.filter(school__in=chosen.values("school_id"))
        factors = list(RiskFactor.objects.all())
        assessments = FactorAssessment.objects.filter(profile__in=profiles).values_list(
            "profile_id", "factor_id", "level"
        )
        risk_map = build_map(map_profiles(profiles), factors, assessments)
        shown = {
            "year": year,
            "municipality": getattr(data.get("municipality"), "pk", None),
            "state": data.get("state", ""),
            "status": data.get("status", ""),
        }
        if request.GET.get("format") == "xlsx" and year:
            content = xlsx_table(risk_map.xlsx_rows(), title="Карта рисков")
            return download(content, XLSX_CONTENT_TYPE, f"karta-riskov-{year}.xlsx")
        query = {name: value for name, value in shown.items() if value not in (None, "")}
        context = self.get_context_data(
            form=MapForm(initial=shown, years=years),
            errors=[error for errors in asked.errors.values() for error in errors],
            year_label=f"{year}/{year + 1}" if year else "",
            risk_map=risk_map,
            deficit_labels=DEFICIT_LABELS.values(),
            action_url=reverse("risk_map:index"),
            xlsx_url=f"{reverse('risk_map:index')}?{urlencode({**query, 'format': 'xlsx'})}",
        )
        return TemplateResponse(request, self.template_name, context)


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return reviews(request.user)


class RiskMapViewSet(ViewSet):
    name = "risk_map"
    url_prefix = "risk-map"
    menu_label = "Карта рисков"
    icon = "table"

    def get_urlpatterns(self):
        return [path("", RiskMapView.as_view(), name="index")]

    def get_menu_item(self, order=None):
        return ReviewerMenuItem(
            self.menu_label, reverse("risk_map:index"), icon_name=self.icon, order=order or 100
        )
