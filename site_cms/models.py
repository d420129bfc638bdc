"""Page types and settings of the site shell."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyStreamBlock, LinkBlock, QuickLinkBlock
from .forms import PortalPageForm


class HomePage(Page):
    """The portal's front page: what it is for, where to go, what is new."""

    intro = RichTextField(_("Вступление"), blank=True, features=["bold", "italic", "link"])
    quick_links = StreamField(
        [("link", QuickLinkBlock())],
        verbose_name=_("Быстрые ссылки на разделы"),
        blank=True,
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("Блоки главной страницы"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("quick_links"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("Главная страница")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Apps add their own sections (upcoming events, newest practices) through this hook,
        # so the shell does not depend on them.
        sections = (build(request) for build in hooks.get_hooks("home_page_sections"))
        context["home_sections"] = [section for section in sections if section and section.items]
        return context


class StandardPage(Page):
    """A page of text, images, documents and tables: «О проекте», «Нормативные документы»."""

    intro = models.TextField(_("Краткое описание"), blank=True, max_length=500)
    body = StreamField(BodyStreamBlock(), verbose_name=_("Содержание"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    # School editors add text pages to their sections.
    base_form_class = PortalPageForm

    class Meta:
        verbose_name = _("Текстовая страница")
        verbose_name_plural = _("Текстовые страницы")


@register_setting(icon="home")
class InstituteSettings(BaseSiteSetting):
    """Who runs the portal and how to reach them: shown in the header and footer."""

    name = models.CharField(_("Полное название организации"), max_length=300)
    short_name = models.CharField(_("Краткое название"), max_length=100, blank=True)
    tagline = models.CharField(_("Подзаголовок сайта"), max_length=200, blank=True)
    address = models.CharField(_("Адрес"), max_length=300, blank=True)
    phone = models.CharField(_("Телефон"), max_length=50, blank=True)
    email = models.EmailField(_("Электронная почта"), blank=True)
    working_hours = models.CharField(_("Часы работы"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Логотип"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("tagline"),
                FieldPanel("logo"),
            ],
            heading=_("Организация"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("working_hours"),
            ],
            heading=_("Контакты"),
        ),
    ]

    class Meta:
        verbose_name = _("Сведения об организации")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """Menus the institute's editors arrange themselves."""

    main_menu = StreamField([("link", LinkBlock())], verbose_name=_("Главное меню"), blank=True)
    footer_menu = StreamField([("link", LinkBlock())], verbose_name=_("Меню в подвале"), blank=True)

    panels = [FieldPanel("main_menu"), FieldPanel("footer_menu")]

    class Meta:
        verbose_name = _("Меню сайта")


class PageCacheGeneration(models.Model):
    """A counter that every change of published content increments.

    It is part of each cached page's key, so one increment makes every cached page stale in
    every process, whatever cache backend is configured.
    """

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("Поколение кеша страниц")

    def __str__(self):
        return str(self.value)
