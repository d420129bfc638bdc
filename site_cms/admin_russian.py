"""Russian forms of the phrases Wagtail's admin builds from a model's names.

Wagtail writes «Add %(model_name)s» with ``verbose_name`` and a listing's count with
``verbose_name_plural``: in Russian that reads «Добавить школа», «19 школы». The button needs
the accusative and the count a plural that agrees with the number, which no verbose name
gives, so a viewset names both: ``add_label = "Добавить школу"``,
``count_forms = "школа,школы,школ"`` (the forms ``ru_plural`` takes).
"""

from functools import cached_property, partial

from wagtail.admin.paginator import WagtailPaginator

from .templatetags.russian_tags import ru_plural


class CountingPaginator(WagtailPaginator):
    def __init__(self, *args, count_forms, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_forms = count_forms

    @cached_property
    def items_count_label(self):
        return f"{self.count} {ru_plural(self.count, self.count_forms)}"


class RussianViewSetMixin:
    """For a ModelViewSet or SnippetViewSet: its add button and its listing's count."""

    add_label = None
    count_forms = None

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            add_item_label=self.add_label,
            paginator_class=partial(CountingPaginator, count_forms=self.count_forms),
            **kwargs,
        )
