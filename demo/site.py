"""The site shell's demo: the institute's details, the section pages, the home page, the menus.

``load`` runs first in ``manage.py load_demo``: the accounts, images, documents and the shell's
sections. The apps' loaders follow, each building its own sections (``demo.schools`` «Школы»,
``demo.indicators`` «Показатели»). ``finish`` runs after them: the home page with quick links
to the sections and the menus, since they link to pages the apps built. The texts are
``content/site.toml``. Every loader takes the command's stdout and can be run again: it updates
what it made before instead of copying it.
"""

from dataclasses import dataclass

from wagtail.models import Site

from site_cms.models import HomePage, InstituteSettings, NavigationSettings, StandardPage

from . import stream as s
from .data import read
from .media import IMAGES_BY_KEY, load_documents, load_images
from .publishing import publish_page
from .users import demo_admin, load_users

TEXT = read("site")
SECTIONS = TEXT["sections"]  # slugs of the section pages under the home page


@dataclass
class Context:
    home: HomePage
    user: object
    images: dict
    documents: dict

    def image(self, key):
        spec = IMAGES_BY_KEY[key]
        return s.image(self.images[key], spec.alt_text, spec.caption)

    def document(self, key, title=""):
        return s.document(self.documents[key], title)


def home_page():
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("Корневая страница сайта по умолчанию должна быть главной страницей.")
    return home


def standard_page(ctx, parent, slug, text, body):
    """A StandardPage with the title and intro of ``text`` (a page's table in site.toml)."""
    return publish_page(
        parent,
        StandardPage,
        slug,
        user=ctx.user,
        title=text["title"],
        intro=text["intro"],
        search_description=text["intro"],
        show_in_menus=parent.pk == ctx.home.pk,
        body=body,
    )


def build_about(ctx):
    text = TEXT["about"]
    body = [
        s.heading("Цель"),
        s.paragraph(text["goal"]),
        s.heading("Задачи"),
        s.bullets(text["tasks"]),
        ctx.image("network"),
        s.heading("Кто участвует"),
        s.bullets(text["participants"]),
        s.callout(text["callout"], title=text["callout_title"], tone="important"),
        s.heading("Что есть на портале"),
        s.bullets(text["on_portal"]),
    ]
    return standard_page(ctx, ctx.home, SECTIONS["about"], text, body)


def build_documents(ctx):
    text = TEXT["documents"]
    body = [
        s.paragraph(text["lead"]),
        s.table(text["table"], text["table_caption"]),
        s.heading(text["downloads"]),
        ctx.document("programme"),
        ctx.document("forms"),
        s.callout(text["callout"]),
    ]
    return standard_page(ctx, ctx.home, SECTIONS["documents"], text, body)


def build_programme(ctx):
    text = TEXT["programme"]
    body = [
        s.paragraph(text["lead"]),
        s.heading(text["directions_heading"]),
        s.table(text["directions"], text["directions_caption"], header_column=True),
        ctx.document("programme"),
        s.callout(text["callout"]),
    ]
    page = standard_page(ctx, ctx.home, SECTIONS["programme"], text, body)
    if page:
        for build in (build_organisation, build_methods, build_monitoring, build_decisions):
            build(ctx, page)
    return page


def build_organisation(ctx, parent):
    text = TEXT["organisation"]
    body = [
        s.heading("Задачи"),
        s.bullets(text["tasks"]),
        s.heading("Мероприятия"),
        s.table(text["table"], "Организационные мероприятия программы"),
        s.callout(text["rule"], title=text["rule_title"]),
    ]
    return standard_page(ctx, parent, text["slug"], text, body)


def build_methods(ctx, parent):
    text = TEXT["methods"]
    body = [
        s.heading("Задачи"),
        s.bullets(text["tasks"]),
        s.heading("Семинары и конференции"),
        s.table(text["events"], text["events_caption"]),
        s.heading("Методические материалы"),
        s.bullets(text["materials"]),
        s.paragraph(text["materials_note"]),
        s.callout(text["callout"], title=text["callout_title"], tone="success"),
    ]
    return standard_page(ctx, parent, text["slug"], text, body)


def build_monitoring(ctx, parent):
    text = TEXT["monitoring"]
    body = [
        s.heading("Задачи мониторинга"),
        s.bullets(text["tasks"]),
        s.heading("Показатели программы"),
        s.table(text["table"], text["table_caption"]),
        s.callout(text["dynamics"], title=text["dynamics_title"]),
        ctx.image("chart"),
        s.paragraph(text["objectivity"]),
    ]
    return standard_page(ctx, parent, text["slug"], text, body)


def build_decisions(ctx, parent):
    text = TEXT["decisions"]
    body = [
        s.heading("Задачи"),
        s.bullets(text["tasks"]),
        s.heading("Мероприятия"),
        s.table(text["table"], text["table_caption"]),
        s.paragraph(text["closing"]),
    ]
    return standard_page(ctx, parent, text["slug"], text, body)


def build_roadmaps(ctx):
    text = TEXT["roadmaps"]
    body = [
        s.paragraph(text["lead"]),
        s.heading("Из чего состоит муниципальная дорожная карта"),
        s.bullets(text["parts"]),
        s.callout(text["callout"]),
    ]
    # The roadmaps themselves are RoadmapPages under this page, built by ``demo.roadmaps``.
    return standard_page(ctx, ctx.home, SECTIONS["roadmaps"], text, body)


def build_contacts(ctx):
    text = TEXT["contacts"]
    institute = TEXT["institute"]
    body = [
        s.callout(text["callout"], title="Демонстрационные контакты", tone="important"),
        s.table(text["table"], text["table_caption"], header_column=True),
        s.heading("Адрес и часы работы"),
        s.paragraph(institute["name"], institute["address"], institute["working_hours"]),
        s.heading("Как добраться"),
        s.paragraph(text["route"]),
    ]
    return standard_page(ctx, ctx.home, SECTIONS["contacts"], text, body)


SECTION_BUILDERS = [
    build_about,
    build_documents,
    build_programme,
    build_roadmaps,
    build_contacts,
]


def build_sections(ctx, stdout):
    for build in SECTION_BUILDERS:
        page = build(ctx)
        if page is None:
            stdout.write(f"Раздел {build.__name__}: страницу уже заменило приложение, пропущен")
        else:
            stdout.write(f"Опубликован раздел «{page.title}» ({page.url})")


def section(home, slug):
    """A live section page under the home page, whatever app built it; None if there is none."""
    return home.get_children().live().filter(slug=slug).first()


def build_home(ctx):
    home, text = ctx.home, TEXT["home"]
    home.title = home.draft_title = text["title"]
    home.seo_title = ""
    home.search_description = TEXT["institute"]["tagline"]
    home.intro = text["intro"]
    home.quick_links = section_links(home, text["quick_links"])
    home.body = [
        s.callout(text["demo_notice"], title="Демонстрационный сайт"),
        s.heading(text["cycle_heading"]),
        s.paragraph(text["cycle_lead"], s.ol(text["cycle"])),
        ctx.image("school"),
        s.paragraph(text["closing"]),
    ]
    home.save_revision(user=ctx.user, log_action=True).publish(user=ctx.user)
    home.refresh_from_db()
    return home


def context(stdout, *, refresh=False):
    """What a loader needs: the home page, the demo administrator, the demo images and documents.

    With ``refresh`` the accounts, images and documents are (re)made; without it existing ones
    are reused and only missing ones are made.
    """
    admin = demo_admin()
    if refresh or admin is None:
        admin = load_users(stdout)
    return Context(
        home=home_page(),
        user=admin,
        images=load_images(admin, stdout, refresh=refresh),
        documents=load_documents(admin, stdout, refresh=refresh),
    )


def load(stdout):
    """Accounts, images, documents, the institute's details and the section pages."""
    ctx = context(stdout, refresh=True)
    load_institute_settings(stdout)
    build_sections(ctx, stdout)


def finish(stdout):
    """The home page with quick links to the sections, and the menus."""
    ctx = context(stdout)
    build_home(ctx)
    stdout.write(f"Опубликована главная страница «{ctx.home.title}»")
    load_menus(ctx.home, stdout)


def load_institute_settings(stdout):
    institute = InstituteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in TEXT["institute"].items():
        setattr(institute, name, value)
    institute.save()
    stdout.write(f"Сведения об организации: {institute.name} ({institute.short_name})")


def section_links(home, links):
    """Links to the live sections that ``links`` (rows of site.toml) name, skipping the others."""
    return [
        s.link(link["label"], page=page, description=link.get("description"))
        for link in links
        if (page := section(home, SECTIONS[link["section"]]))
    ]


def load_menus(home, stdout):
    site = Site.objects.get(is_default_site=True)
    menus = NavigationSettings.for_site(site)
    menus.main_menu = section_links(home, TEXT["menus"]["main"])
    menus.footer_menu = section_links(home, TEXT["menus"]["footer"])
    menus.save()
    stdout.write(
        f"Меню: {len(menus.main_menu)} ссылок в главном, {len(menus.footer_menu)} в подвале"
    )


def serve_on(host, port, stdout):
    """The default Site answers at the address ``make demo`` serves on, so the absolute
    addresses the site builds without a request (ICS, e-mails, the PDF) lead to this server."""
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) != (host, port):
        site.hostname, site.port = host, port
        site.save()  # save(), not update(): it clears Wagtail's cache of site root paths
    stdout.write(f"Сайт по умолчанию: {site.root_url}/")
