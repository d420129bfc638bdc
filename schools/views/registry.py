"""Admin screens of the school registry (Wagtail ViewSets)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import Municipality, NetworkPair, School, SchoolStatus


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


class SchoolViewSet(ModelViewSet):
    model = School
    icon = "group"
    menu_label = _("Школы")
    list_display = ["short_name", "kind", "municipality", "settlement"]
    search_fields = ["short_name", "full_name", "codes__code", "address"]
    filterset_class = SchoolFilterSet
    form_fields = [
        "short_name",
        "full_name",
        "kind",
        "municipality",
        "address",
        "settlement",
        "website",
        "email",
        "phone",
    ]


class MunicipalityViewSet(ModelViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Муниципалитеты")
    list_display = ["name", "code", "region"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "region"]


class SchoolStatusViewSet(ModelViewSet):
    model = SchoolStatus
    icon = "tag"
    menu_label = _("Статусы школ")
    list_display = ["school", "status", "school_year", "basis"]
    list_filter = ["status", "school_year"]
    search_fields = ["school__short_name", "order_number"]
    form_fields = ["school", "school_year", "status", "order_number", "order_date", "rule", "note"]


class NetworkPairViewSet(ModelViewSet):
    model = NetworkPair
    icon = "link"
    menu_label = _("Сетевые пары")
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
