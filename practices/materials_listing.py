"""What the bank of presentation materials shows: the typed documents, filtered, paged, each with
the published pages that use it.

The filters are a GET form (the state lives in the URL, no JavaScript); each filter's options
carry the number of materials they would give under the other selected filters. The whole page
costs a fixed number of queries: the references of all listed materials are read at once, then
the pages they point to.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.utils.text import capfirst
from wagtail.models import Page, ReferenceIndex

from site_cms.facets import FacetValue, choice_counts, facet_values, grouped_counts

from .models import Material, MaterialType, public_materials

PER_PAGE = 20


class MaterialFilterForm(forms.Form):
    """The filters as they come in the URL; a malformed value is ignored, not an error page."""

    type = forms.ChoiceField(choices=MaterialType.choices, required=False)
    theme = forms.SlugField(required=False)
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
    # A page's id: a larger number would overflow the database's integer and fail the query.
    event = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


@dataclass
class Facet:
    name: str
    label: str
    any_label: str
    lookup: str
    options: list[FacetValue] = field(default_factory=list)


@dataclass
class UsedIn:
    page: Page
    kind: str


@dataclass
class MaterialEntry:
    material: Material
    event: Page | None
    used_in: list


def facets():
    return [
        Facet("type", "Вид материала", "Все виды", "material_type"),
        Facet("theme", "Тема", "Все темы", "theme__slug"),
        Facet("year", "Год", "Все годы", "year"),
        Facet("event", "Мероприятие", "Все мероприятия", "event_id"),
    ]


def bank_materials():
    """The documents of the bank: those with a type that every visitor may open."""
    return public_materials().exclude(material_type="")


def selected_filters(form):
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}


def filter_lookups(all_facets, selected, skip=None):
    return {
        facet.lookup: selected[facet.name]
        for facet in all_facets
        if facet.name in selected and facet.name != skip
    }


def _facet_rows(facet, queryset, count):
    """(value, label, count) of one filter's values, in the order the options are listed."""
    if facet.name == "type":
        return choice_counts(queryset, "material_type", MaterialType.choices, count=count)
    if facet.name == "theme":
        return grouped_counts(
            queryset.filter(theme__isnull=False),
            "theme__slug",
            "theme__name",
            order=("theme__sort_order", "theme__name"),
            count=count,
        )
    if facet.name == "year":
        years = queryset.filter(year__isnull=False)
        return grouped_counts(years, "year", "year", order=("-year",), count=count)
    return grouped_counts(
        queryset.filter(event__live=True),
        "event_id",
        "event__title",
        order=("-event__start",),
        count=count,
    )


def fill_options(all_facets, selected):
    """Each filter's options with their counts under the other filters (one query a filter).

    The counts are conditional over the whole bank, so every value comes with its label,
    the chosen one too when the other filters leave it nothing.
    """
    base = bank_materials()
    for facet in all_facets:
        chosen = (str(selected[facet.name]),) if facet.name in selected else ()
        count = Count("pk", filter=Q(**filter_lookups(all_facets, selected, skip=facet.name)))
        facet.options = facet_values(_facet_rows(facet, base, count), chosen)


def _kind(page):
    """«Практика», «Мероприятие»: the page's type (content types are cached, so no query)."""
    model = page.specific_class or Page
    return capfirst(model._meta.verbose_name)


def usage(materials):
    """The live, public pages that use each material: two queries for all of them.

    Wagtail's reference index records where a document is chosen: a practice's materials, an
    event's «Материалы после мероприятия», document blocks of any page. Each material's own
    event is fetched with the same query, so its link is shown only while the event is public.
    """
    page_type = ContentType.objects.get_for_model(Page)
    references = (
        ReferenceIndex.get_references_to_in_bulk(materials)
        .filter(base_content_type=page_type)
        .values_list("to_object_id", "object_id")
        .distinct()
    )
    pages_of = {}
    for material_id, page_id in references:
        pages_of.setdefault(int(material_id), set()).add(int(page_id))
    wanted = set().union(*pages_of.values(), {m.event_id for m in materials if m.event_id})
    pages = {page.pk: page for page in Page.objects.live().public().filter(pk__in=wanted)}
    return [
        MaterialEntry(
            material=material,
            event=pages.get(material.event_id),
            used_in=[
                UsedIn(page, _kind(page))
                for page in sorted(
                    (pages[pk] for pk in pages_of.get(material.pk, ()) if pk in pages),
                    key=lambda page: page.title,
                )
            ],
        )
        for material in materials
    ]


def query_string(selected):
    """The chosen filters as a query string, for the pagination links."""
    return urlencode(sorted(selected.items()))


def materials_context(request):
    form = MaterialFilterForm(request.GET)
    selected = selected_filters(form)
    all_facets = facets()
    fill_options(all_facets, selected)
    materials = (
        bank_materials()
        .filter(**filter_lookups(all_facets, selected))
        .select_related("theme")
        .order_by(F("year").desc(nulls_last=True), "-created_at", "-pk")
    )
    page_obj = Paginator(materials, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "facets": all_facets,
        "filtered": bool(selected),
        "page_obj": page_obj,
        "entries": usage(list(page_obj)),
        "pagination_query": query_string(selected),
    }
