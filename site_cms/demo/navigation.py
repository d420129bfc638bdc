"""The main and footer menus of the default site, linking to the section pages by slug."""

from wagtail.models import Site

from site_cms.models import NavigationSettings

from . import content as c
from . import stream as s
from .pages import section

MAIN_MENU = [
    (c.ABOUT, "О проекте"),
    (c.PROGRAMME, "Региональная программа"),
    (c.ROADMAPS, "Дорожные карты"),
    (c.SCHOOLS, "Школы"),
    (c.SEMINARS, "Календарь семинаров"),
    (c.PRACTICES, "Банк практик"),
    (c.MATERIALS, "Материалы"),
    (c.INDICATORS, "Показатели"),
    (c.CONTACTS, "Контакты"),
]
FOOTER_MENU = [
    (c.ABOUT, "О проекте"),
    (c.DOCUMENTS, "Нормативные документы"),
    (c.SCHOOLS, "Школы"),
    (c.INDICATORS, "Показатели"),
    (c.CONTACTS, "Контакты"),
]


def _links(home, items):
    return [s.link(label, page=page) for slug, label in items if (page := section(home, slug))]


def load_menus(home, stdout):
    site = Site.objects.get(is_default_site=True)
    menus = NavigationSettings.for_site(site)
    menus.main_menu = _links(home, MAIN_MENU)
    menus.footer_menu = _links(home, FOOTER_MENU)
    menus.save()
    stdout.write(
        f"Меню: {len(menus.main_menu)} ссылок в главном, {len(menus.footer_menu)} в подвале"
    )
