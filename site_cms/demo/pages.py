"""The demo page tree: one small builder per section, so apps can replace sections one by one.

A builder takes the Context and returns the published section page. SECTION_BUILDERS run in
order under the home page; the home page itself, with quick links to the sections, is built
last (see ``build_home``), after every app has built its sections. Sections of an app are built
by its own loader (``schools.demo`` builds «Школы» at ``content.SCHOOLS``, ``indicators.demo``
«Показатели» at ``content.INDICATORS``).
"""

from dataclasses import dataclass

from wagtail.models import Site

from site_cms.models import HomePage, StandardPage

from . import content as c
from . import stream as s
from .images import IMAGES_BY_KEY
from .publishing import publish_page


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


def standard_page(ctx, parent, slug, title, intro, body):
    return publish_page(
        parent,
        StandardPage,
        slug,
        user=ctx.user,
        title=title,
        intro=intro,
        search_description=intro,
        show_in_menus=parent.pk == ctx.home.pk,
        body=body,
    )


def build_about(ctx):
    body = [
        s.heading("Цель"),
        s.paragraph(c.ABOUT_GOAL),
        s.heading("Задачи"),
        s.bullets(c.ABOUT_TASKS),
        ctx.image("network"),
        s.heading("Кто участвует"),
        s.bullets(c.ABOUT_PARTICIPANTS),
        s.callout(c.ABOUT_CALLOUT, title=c.ABOUT_CALLOUT_TITLE, tone="important"),
        s.heading("Что есть на портале"),
        s.bullets(c.ABOUT_ON_PORTAL),
    ]
    return standard_page(ctx, ctx.home, c.ABOUT, c.ABOUT_TITLE, c.ABOUT_INTRO, body)


def build_documents(ctx):
    body = [
        s.paragraph(c.DOCUMENTS_LEAD),
        s.table(c.DOCUMENTS_TABLE, c.DOCUMENTS_TABLE_CAPTION),
        s.heading(c.DOCUMENTS_DOWNLOADS),
        ctx.document("programme"),
        ctx.document("forms"),
        s.callout(c.DOCUMENTS_CALLOUT),
    ]
    return standard_page(ctx, ctx.home, c.DOCUMENTS, c.DOCUMENTS_TITLE, c.DOCUMENTS_INTRO, body)


def build_programme(ctx):
    body = [
        s.paragraph(c.PROGRAMME_LEAD),
        s.heading(c.PROGRAMME_DIRECTIONS_HEADING),
        s.table(c.PROGRAMME_DIRECTIONS, c.PROGRAMME_DIRECTIONS_CAPTION, header_column=True),
        ctx.document("programme"),
        s.callout(c.PROGRAMME_CALLOUT),
    ]
    page = standard_page(ctx, ctx.home, c.PROGRAMME, c.PROGRAMME_TITLE, c.PROGRAMME_INTRO, body)
    if page:
        for build in (build_organisation, build_methods, build_monitoring, build_decisions):
            build(ctx, page)
    return page


def build_organisation(ctx, parent):
    body = [
        s.heading("Задачи"),
        s.bullets(c.ORGANISATION_TASKS),
        s.heading("Мероприятия"),
        s.table(c.ORGANISATION_TABLE, "Организационные мероприятия программы"),
        s.callout(c.ORGANISATION_RULE, title=c.ORGANISATION_RULE_TITLE),
    ]
    return standard_page(
        ctx, parent, c.ORGANISATION_SLUG, c.ORGANISATION_TITLE, c.ORGANISATION_INTRO, body
    )


def build_methods(ctx, parent):
    body = [
        s.heading("Задачи"),
        s.bullets(c.METHODS_TASKS),
        s.heading("Семинары и конференции"),
        s.table(c.METHODS_EVENTS, c.METHODS_EVENTS_CAPTION),
        s.heading("Методические материалы"),
        s.bullets(c.METHODS_MATERIALS),
        s.paragraph(c.METHODS_MATERIALS_NOTE),
        s.callout(c.METHODS_CALLOUT, title=c.METHODS_CALLOUT_TITLE, tone="success"),
    ]
    return standard_page(ctx, parent, c.METHODS_SLUG, c.METHODS_TITLE, c.METHODS_INTRO, body)


def build_monitoring(ctx, parent):
    body = [
        s.heading("Задачи мониторинга"),
        s.bullets(c.MONITORING_TASKS),
        s.heading("Показатели программы"),
        s.table(c.MONITORING_TABLE, c.MONITORING_TABLE_CAPTION),
        s.callout(c.MONITORING_DYNAMICS, title=c.MONITORING_DYNAMICS_TITLE),
        ctx.image("chart"),
        s.paragraph(c.MONITORING_OBJECTIVITY),
    ]
    return standard_page(
        ctx, parent, c.MONITORING_SLUG, c.MONITORING_TITLE, c.MONITORING_INTRO, body
    )


def build_decisions(ctx, parent):
    body = [
        s.heading("Задачи"),
        s.bullets(c.DECISIONS_TASKS),
        s.heading("Мероприятия"),
        s.table(c.DECISIONS_TABLE, c.DECISIONS_TABLE_CAPTION),
        s.paragraph(c.DECISIONS_CLOSING),
    ]
    return standard_page(ctx, parent, c.DECISIONS_SLUG, c.DECISIONS_TITLE, c.DECISIONS_INTRO, body)


def build_roadmaps(ctx):
    body = [
        s.paragraph(c.ROADMAPS_LEAD),
        s.heading("Из чего состоит муниципальная дорожная карта"),
        s.bullets(c.ROADMAPS_PARTS),
        s.callout(c.ROADMAPS_CALLOUT),
    ]
    # The roadmaps themselves are RoadmapPages under this page, built by ``roadmaps.demo``.
    return standard_page(ctx, ctx.home, c.ROADMAPS, c.ROADMAPS_TITLE, c.ROADMAPS_INTRO, body)


def build_contacts(ctx):
    institute = c.INSTITUTE
    body = [
        s.callout(c.CONTACTS_CALLOUT, title="Демонстрационные контакты", tone="important"),
        s.table(c.CONTACTS_TABLE, c.CONTACTS_TABLE_CAPTION, header_column=True),
        s.heading("Адрес и часы работы"),
        s.paragraph(institute["name"], institute["address"], institute["working_hours"]),
        s.heading("Как добраться"),
        s.paragraph(c.CONTACTS_ROUTE),
    ]
    return standard_page(ctx, ctx.home, c.CONTACTS, c.CONTACTS_TITLE, c.CONTACTS_INTRO, body)


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
    home = ctx.home
    links = [
        s.link(label, page=page, description=description)
        for slug, label, description in c.HOME_QUICK_LINKS
        if (page := section(home, slug))
    ]
    home.title = home.draft_title = c.HOME_TITLE
    home.seo_title = ""
    home.search_description = c.INSTITUTE["tagline"]
    home.intro = c.HOME_INTRO
    home.quick_links = links
    home.body = [
        s.callout(c.DEMO_NOTICE, title="Демонстрационный сайт"),
        s.heading(c.HOME_CYCLE_HEADING),
        s.paragraph(c.HOME_CYCLE_LEAD, s.ol(c.HOME_CYCLE)),
        ctx.image("school"),
        s.paragraph(c.HOME_CLOSING),
    ]
    home.save_revision(user=ctx.user, log_action=True).publish(user=ctx.user)
    home.refresh_from_db()
    return home
