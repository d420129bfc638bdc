"""Admin screens of the risk profiles: a school's editors see and change only their schools'
profiles, through every door (list, add, edit, delete, history, usage); coordinators all."""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from site_cms.admin_russian import RussianViewSetMixin

from .forms import RiskProfileForm
from .map_views import RiskMapViewSet
from .models import RiskProfile
from .permissions import profiles_for, reviews
from .survey_views import SurveyImportConfirmView, SurveyImportView


class ScopedObjectMixin:
    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        # Another school's profile is not found, whatever door its id is typed into.
        return get_object_or_404(
            profiles_for(self.request.user), pk=unquote(str(self.kwargs["pk"]))
        )


class ProfileIndexView(IndexView):
    def get_base_queryset(self):
        return profiles_for(self.request.user).select_related("school__municipality")

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if reviews(self.request.user):
            url = reverse("riskprofile:import")
            buttons = [*buttons, HeaderButton("Импорт анкеты", url=url, icon_name="upload")]
        return buttons


class ProfileEditView(ScopedObjectMixin, EditView):
    pass


class ProfileDeleteView(ScopedObjectMixin, DeleteView):
    pass


class ProfileHistoryView(ScopedObjectMixin, HistoryView):
    pass


class ProfileUsageView(ScopedObjectMixin, UsageView):
    pass


class RiskProfileViewSet(RussianViewSetMixin, ModelViewSet):
    model = RiskProfile
    add_label = "Добавить рисковый профиль"
    count_forms = "рисковый профиль,рисковых профиля,рисковых профилей"
    icon = "warning"
    menu_label = _("Рисковые профили")
    index_view_class = ProfileIndexView
    edit_view_class = ProfileEditView
    delete_view_class = ProfileDeleteView
    history_view_class = ProfileHistoryView
    usage_view_class = ProfileUsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "school",
        Column("school_year_label", label=_("Учебный год")),
        "state",
        "confirmed_at",
    ]
    list_filter = ["state", "school_year"]
    search_fields = ["school__short_name"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("school"), FieldPanel("school_year")]),
            FieldPanel("state"),
            InlinePanel("assessments", heading=_("Факторы риска"), label=_("фактор")),
            MultiFieldPanel(
                [
                    FieldPanel("staffing_deficit"),
                    FieldPanel("information_deficit"),
                    FieldPanel("equipment_deficit"),
                    FieldPanel("methodical_deficit"),
                ],
                heading=_("Ресурсные дефициты"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("teachers_total"), FieldPanel("teachers_diagnosed")]),
                    FieldRowPanel(
                        [FieldPanel("teachers_with_deficits"), FieldPanel("teachers_on_route")]
                    ),
                ],
                heading=_("Педагоги"),
            ),
            InlinePanel("measures", heading=_("Меры"), label=_("меру")),
        ],
        base_form_class=RiskProfileForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", SurveyImportView.as_view(), name="import"),
            path("import/confirm/", SurveyImportConfirmView.as_view(), name="import_confirm"),
        ]


class SupportViewSetGroup(ViewSetGroup):
    menu_label = _("Поддержка школ")
    menu_icon = "warning"
    menu_order = 260
    items = (RiskProfileViewSet, RiskMapViewSet)
