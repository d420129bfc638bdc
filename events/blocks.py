"""StreamField blocks of an event page: its programme."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ProgrammeItemBlock(blocks.StructBlock):
    time = blocks.CharBlock(label=_("Время"), max_length=30, help_text=_("Например, 10:00–10:20"))
    title = blocks.CharBlock(label=_("Пункт программы"), max_length=300)
    speaker = blocks.CharBlock(
        label=_("Кто выступает"),
        max_length=200,
        required=False,
        help_text=_("Должность или организация, например «методист ИРО»"),
    )

    class Meta:
        icon = "time"
        label = _("Пункт программы")
