"""StreamField blocks shared by every page type of the portal."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from .kept import kept


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Текст заголовка"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Уровень"),
        choices=[("h2", _("Раздел (h2)")), ("h3", _("Подраздел (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Заголовок")
        template = "site_cms/blocks/heading_block.html"


class RussianImageBlock(ImageBlock):
    """Wagtail's ImageBlock, its chooser labelled in Russian: Wagtail labels it «Image», from
    the child's name, which no translation reaches. It deconstructs as an ImageBlock."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("Изображение")


class CaptionedImageBlock(blocks.StructBlock):
    image = RussianImageBlock(label=_("Изображение"))
    caption = blocks.CharBlock(label=_("Подпись"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Изображение с подписью")
        template = "site_cms/blocks/captioned_image_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Документ"))
    title = blocks.CharBlock(
        label=_("Название ссылки"),
        required=False,
        help_text=_("Если не указано, используется название документа."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Документ")
        template = "site_cms/blocks/document_link_block.html"


class CaptionedEmbedBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("Ссылка на видео или публикацию"))
    caption = blocks.CharBlock(label=_("Подпись"), required=False)

    class Meta:
        icon = "media"
        label = _("Видео / встраиваемый объект")
        template = "site_cms/blocks/captioned_embed_block.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("Вид"),
        choices=[
            ("info", _("Справка")),
            ("important", _("Важно")),
            ("success", _("Результат")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("Заголовок"), required=False)
    text = blocks.RichTextBlock(label=_("Текст"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        label = _("Врезка")
        template = "site_cms/blocks/callout_block.html"


class KeptTableBlock(TableBlock):
    """A table whose HTML is kept by its content: its template tests every cell (spans, hidden
    cells, classes), which for a large table costs more than the rest of a page."""

    def render(self, value, context=None):
        # What the templates read: the value and how cells are written, not the page's context.
        return kept(
            "table-block-html",
            (value, self.meta.template, self.is_html_renderer()),
            lambda: super(KeptTableBlock, self).render(value, context),
        )


# Migrations name the kept table as the table block it draws (Wagtail's ``canonical_module_path``):
# its stored value and form are the same, so no page body needs a migration for it.
DECONSTRUCT_ALIASES = {KeptTableBlock: "wagtail.contrib.table_block.blocks.TableBlock"}


class BodyStreamBlock(blocks.StreamBlock):
    """The content blocks every editor has: text, media, documents, tables, call-outs."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Текст"),
        features=["bold", "italic", "link", "document-link", "ul", "ol", "h3", "h4", "blockquote"],
        template="site_cms/blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock()
    document = DocumentLinkBlock()
    embed = CaptionedEmbedBlock()
    table = KeptTableBlock(
        label=_("Таблица"),
        table_options={
            "contextMenu": [
                "row_above",
                "row_below",
                "col_left",
                "col_right",
                "remove_row",
                "remove_col",
                "undo",
                "redo",
            ]
        },
        template="site_cms/blocks/table_block.html",
    )
    callout = CalloutBlock()


class LinkValue(blocks.StructValue):
    @property
    def href(self):
        page = self.get("page")
        return page.url if page else self.get("url")


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to an outside address."""

    label = blocks.CharBlock(label=_("Текст ссылки"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Страница сайта"), required=False)
    url = blocks.URLBlock(label=_("Или внешний адрес"), required=False)

    class Meta:
        icon = "link"
        label = _("Ссылка")
        value_class = LinkValue

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": blocks.ValidationError(_("Укажите страницу или адрес, одно из двух."))
                }
            )
        return value


class QuickLinkBlock(LinkBlock):
    description = blocks.CharBlock(label=_("Пояснение"), required=False, max_length=200)

    class Meta:
        icon = "link"
        label = _("Быстрая ссылка")
