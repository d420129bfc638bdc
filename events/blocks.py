"""StreamField blocks of an event page: its programme, in sections for a long event."""

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


class ProgrammeSectionBlock(blocks.CharBlock):
    """A heading row over the items after it: a day or a section of a conference."""

    class Meta:
        icon = "title"
        label = _("Раздел программы")
        help_text = _("Например, «14 апреля. Пленарное заседание» или «Секция 1. Математика»")
