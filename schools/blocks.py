"""Blocks of a school's «Повышение качества образования» section."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ProgrammeDocumentBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Вид документа"),
        choices=[
            ("programme", _("Программа перехода в эффективный режим работы")),
            ("anti_risk", _("Антирисковая программа")),
            ("order", _("Приказ")),
            ("other", _("Другой документ")),
        ],
    )
    title = blocks.CharBlock(label=_("Название"))
    document = DocumentChooserBlock(label=_("Файл"))

    class Meta:
        icon = "doc-full"
        label = _("Документ программы")
        template = "schools/blocks/programme_document_block.html"


class RecommendationBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Дата"))
    source = blocks.CharBlock(label=_("Кто дал рекомендацию"), help_text=_("Организация"))
    text = blocks.RichTextBlock(label=_("Рекомендация"), features=["bold", "italic", "link", "ul"])
    done = blocks.BooleanBlock(label=_("Выполнено"), required=False)

    class Meta:
        icon = "tick"
        label = _("Адресная рекомендация")
        template = "schools/blocks/recommendation_block.html"


class ReportBlock(blocks.StructBlock):
    period = blocks.CharBlock(label=_("Период"), help_text=_("Например: I полугодие 2023/2024"))
    summary = blocks.TextBlock(label=_("Кратко о результатах"), required=False)
    document = DocumentChooserBlock(label=_("Отчёт"), required=False)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Отчёт")
        template = "schools/blocks/report_block.html"


class TeamMemberBlock(blocks.StructBlock):
    """A member of the school team; name and photo appear only with recorded consent."""

    role = blocks.CharBlock(label=_("Роль в команде"), help_text=_("Например: заместитель по УВР"))
    name = blocks.CharBlock(label=_("Фамилия, имя, отчество"), required=False)
    photo = ImageChooserBlock(label=_("Фотография"), required=False)
    consent = blocks.BooleanBlock(
        label=_("Есть согласие на публикацию персональных данных"),
        required=False,
        help_text=_("Без согласия на сайте показывается только роль."),
    )

    class Meta:
        icon = "user"
        label = _("Участник команды")
        template = "schools/blocks/team_member_block.html"
