"""Admin screens of the school registry (Wagtail ViewSets).

The schools listing exports what it shows (filtered, searched) through the registry's
django-import-export resource («Скачать XLSX/CSV»), links to the import screens
(``registry_import``) and offers «Создать страницу школы» for a school without a page.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, HeaderButton

from site_cms.admin_russian import RussianViewSetMixin
from site_cms.exporting import download

from ..listing import current_school_year, school_year_label
from ..models import Municipality, NetworkPair, School, SchoolPage, SchoolStatus
from ..provisioning import provision_school
from ..resources import export_registry
from .registry_import import RegistryImportConfirmView, RegistryImportView, can_import

PROVISION_LABEL = "Создать страницу школы"
FIRST_STATUS_YEAR = 2000


def school_year_choices():
    """The school years a status may name, as «2024/2025»: up to the next one, newest first."""
    latest = current_school_year(timezone.localdate()) + 1
    return [(year, school_year_label(year)) for year in range(latest, FIRST_STATUS_YEAR - 1, -1)]


def school_year_panel():
    return FieldPanel("school_year", widget=forms.Select(choices=school_year_choices))


STATUS_PANELS = [
    FieldRowPanel([school_year_panel(), FieldPanel("status")]),
    FieldRowPanel([FieldPanel("order_number"), FieldPanel("order_date")]),
    FieldPanel("rule"),
    FieldPanel("note"),
]


class SchoolFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Статус"),
        choices=SchoolStatus.Status.choices,
        field_name="statuses__status",
        distinct=True,
    )

    class Meta:
        model = School
        fields = ["municipality", "kind", "settlement"]


class SchoolIndexView(IndexView):
    import_url_name = None
    provision_url_name = None
    show_export_buttons = True

    def get_base_queryset(self):
        pages = SchoolPage.objects.filter(school=OuterRef("pk"))
        return super().get_base_queryset().annotate(has_page=Exists(pages))

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        # Every word must be found in some field. SQLite ignores the case of Latin letters only
        # («лицей» would miss «Лицей»), so the usual spellings of each word are tried.
        condition = Q()
        for word in self.search_query.split():
            spellings = {word, word.lower(), word.upper(), word.capitalize()}
            condition &= Q.create(
                [
                    (f"{field}__icontains", spelling)
                    for field in self.search_fields
                    for spelling in spellings
                ],
                connector=Q.OR,
            )
        # A school found by two of its logins is still one row.
        return queryset.filter(condition).distinct()

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_import(self.request.user):
            url = reverse(self.import_url_name)
            buttons = [*buttons, HeaderButton("Импорт", url=url, icon_name="upload")]
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not instance.has_page and self.user_has_permission("change"):
            url = reverse(self.provision_url_name, args=[instance.pk])
            buttons.append(MenuItem(PROVISION_LABEL, url, icon_name="doc-empty-inverse"))
        return buttons

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return download(*export_registry(queryset, spreadsheet_format))


class SchoolEditView(EditView):
    provision_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if not SchoolPage.objects.filter(school=self.object).exists():
            url = reverse(self.provision_url_name, args=[self.object.pk])
            buttons = [*buttons, Button(PROVISION_LABEL, url=url, icon_name="doc-empty-inverse")]
        return buttons


class ProvisionSchoolView(PermissionCheckedMixin, WagtailAdminTemplateMixin, View):
    """Give one registry school its page, section, editors' group and collection."""

    model = School
    permission_required = "change"
    page_title = PROVISION_LABEL
    header_icon = "doc-empty-inverse"
    index_url_name = None
    edit_url_name = None

    def get(self, request, pk):
        self.school = get_object_or_404(School, pk=pk)
        context = self.get_context_data(
            school=self.school,
            has_page=SchoolPage.objects.filter(school=self.school).exists(),
            edit_url=reverse(self.edit_url_name, args=[pk]),
        )
        return TemplateResponse(request, "schools/admin/provision_school.html", context)

    def post(self, request, pk):
        school = get_object_or_404(School.objects.select_related("municipality"), pk=pk)
        try:
            page = provision_school(school)
        except ValueError as error:
            messages.error(request, str(error))
            return redirect(self.edit_url_name, pk)
        messages.success(
            request,
            f"У школы «{school}» есть страница и раздел «Повышение качества образования».",
            buttons=[
                messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), "Открыть")
            ],
        )
        return redirect(self.edit_url_name, pk)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Школы")},
            {"url": reverse(self.edit_url_name, args=[self.school.pk]), "label": str(self.school)},
            {"url": "", "label": PROVISION_LABEL},
        ]


class SchoolViewSet(RussianViewSetMixin, ModelViewSet):
    model = School
    icon = "group"
    menu_label = _("Школы")
    add_label = "Добавить школу"
    count_forms = "школа,школы,школ"
    index_view_class = SchoolIndexView
    edit_view_class = SchoolEditView
    list_display = ["short_name", "kind", "municipality", "settlement"]
    search_fields = ["short_name", "full_name", "codes__code", "address"]
    filterset_class = SchoolFilterSet
    # The school's ФИС ОКО logins and its statuses by year are edited with the school itself.
    panels = [
        FieldPanel("short_name"),
        FieldPanel("full_name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("settlement")]),
        FieldPanel("municipality"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")]),
        InlinePanel("codes", heading=_("Логины ФИС ОКО"), label=_("логин ФИС ОКО")),
        InlinePanel(
            "statuses",
            heading=_("Статусы по учебным годам"),
            label=_("статус"),
            panels=STATUS_PANELS,
        ),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            import_url_name=self.get_url_name("import"),
            import_confirm_url_name=self.get_url_name("import_confirm"),
            provision_url_name=self.get_url_name("provision"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", self.construct_view(RegistryImportView), name="import"),
            path(
                "import/confirm/",
                self.construct_view(RegistryImportConfirmView),
                name="import_confirm",
            ),
            path("provision/<int:pk>/", self.construct_view(ProvisionSchoolView), name="provision"),
        ]


class MunicipalityViewSet(RussianViewSetMixin, ModelViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Муниципалитеты")
    add_label = "Добавить муниципалитет"
    count_forms = "муниципалитет,муниципалитета,муниципалитетов"
    list_display = ["name", "code", "region"]
    search_fields = ["name", "code", "other_names"]
    form_fields = ["name", "code", "region", "other_names"]


class SchoolStatusViewSet(RussianViewSetMixin, ModelViewSet):
    model = SchoolStatus
    icon = "tag"
    menu_label = _("Статусы школ")
    add_label = "Добавить статус школы"
    count_forms = "статус,статуса,статусов"
    list_display = [
        "school",
        "status",
        Column("school_year_label", label=_("Учебный год"), sort_key="school_year"),
        Column("basis", label=_("Основание")),
    ]
    list_filter = ["status", "school_year"]
    search_fields = ["school__short_name", "order_number"]
    panels = [FieldPanel("school"), *STATUS_PANELS]


class NetworkPairViewSet(RussianViewSetMixin, ModelViewSet):
    model = NetworkPair
    icon = "link"
    menu_label = _("Сетевые пары")
    add_label = "Добавить сетевую пару"
    count_forms = "сетевая пара,сетевые пары,сетевых пар"
    list_display = ["supported_school", "leader_school", "agreement_number", "starts_on"]
    search_fields = ["supported_school__short_name", "leader_school__short_name"]
    form_fields = [
        "supported_school",
        "leader_school",
        "agreement_number",
        "agreement_date",
        "starts_on",
        "ends_on",
        "curator",
        "joint_activities",
    ]


class SchoolRegistryViewSetGroup(ViewSetGroup):
    menu_label = _("Реестр школ")
    menu_icon = "group"
    menu_order = 250
    items = (SchoolViewSet, MunicipalityViewSet, SchoolStatusViewSet, NetworkPairViewSet)
