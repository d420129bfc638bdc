"""StreamField blocks of a practice card: how it is done, and what it gave."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from site_cms.blocks import CaptionedEmbedBlock, CaptionedImageBlock, HeadingBlock

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Шаг"), max_length=200)
    text = blocks.RichTextBlock(label=_("Что делается"), features=TEXT_FEATURES, required=False)

    class Meta:
        icon = "list-ol"
        label = _("Шаг")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Цитата"))
    source = blocks.CharBlock(label=_("Кто сказал"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Цитата")
        template = "practices/blocks/quote_block.html"


class PracticeDescriptionBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Текст"), features=["h3", *TEXT_FEATURES])
    steps = blocks.ListBlock(
        StepBlock(), label=_("Шаги"), template="practices/blocks/steps_block.html"
    )
    image = CaptionedImageBlock()
    video = CaptionedEmbedBlock(label=_("Видео"))
    quote = QuoteBlock()


class ResultBlock(blocks.StructBlock):
    """One effect of the practice and what shows it: numbers, surveys, documents."""

    effect = blocks.CharBlock(label=_("Результат или эффект"), max_length=300)
    evidence = blocks.RichTextBlock(
        label=_("Чем подтверждается"), features=TEXT_FEATURES, required=False
    )

    class Meta:
        icon = "success"
        label = _("Результат")
        template = "practices/blocks/result_block.html"
