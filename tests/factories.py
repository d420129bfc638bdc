"""Factories for the pages and models of the portal."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Page, Site

from site_cms.models import StandardPage


def home_page():
    """The home page the migrations create: the root of the default site."""
    return Site.objects.get(is_default_site=True).root_page.specific


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page added under the home page (or ``parent``) and published through a revision.

    ``publish=False`` leaves it as ``add_child`` does: saved, with no revision (a draft when
    ``live=False`` is passed too).
    """

    parent = factory.LazyFunction(home_page)
    publish = True

    class Meta:
        abstract = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        publish = kwargs.pop("publish")
        page = super()._create_instance(model_class, parent, kwargs)
        if publish:
            page.save_revision().publish()
        return page


class StandardPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Страница {n}")
    intro = "Краткое описание страницы."

    class Meta:
        model = StandardPage


# --- Schools --------------------------------------------------------------------------------


class MunicipalityFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Муниципальный район {n}")
    region = "Ленинградская область"

    class Meta:
        model = "schools.Municipality"


class SchoolFactory(factory.django.DjangoModelFactory):
    """A registry school with one ФИС ОКО login (``sch47NNNN``)."""

    short_name = factory.Sequence(lambda n: f"МОУ «Школа № {n}»")
    full_name = factory.LazyAttribute(
        lambda o: f"Муниципальное общеобразовательное учреждение {o.short_name}"
    )
    kind = "СОШ"
    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.RelatedFactory(
        "tests.factories.SchoolCodeFactory",
        factory_related_name="school",
    )

    class Meta:
        model = "schools.School"
        skip_postgeneration_save = True


class SchoolCodeFactory(factory.django.DjangoModelFactory):
    school = factory.SubFactory(SchoolFactory, code=None)
    code = factory.Sequence(lambda n: f"sch47{n:04d}")

    class Meta:
        model = "schools.SchoolCode"


class SchoolStatusFactory(factory.django.DjangoModelFactory):
    school = factory.SubFactory(SchoolFactory)
    school_year = 2023
    status = "shnor"
    order_number = "214"
    order_date = factory.LazyFunction(lambda: datetime.date(2023, 8, 30))

    class Meta:
        model = "schools.SchoolStatus"


class NetworkPairFactory(factory.django.DjangoModelFactory):
    supported_school = factory.SubFactory(SchoolFactory)
    leader_school = factory.SubFactory(SchoolFactory)
    agreement_number = factory.Sequence(lambda n: f"СВ-{n}")
    agreement_date = factory.LazyFunction(lambda: datetime.date(2023, 8, 31))
    starts_on = factory.LazyFunction(lambda: datetime.date(2023, 9, 1))
    joint_activities = "Открытые уроки и общие проверочные работы."

    class Meta:
        model = "schools.NetworkPair"


class SchoolContextFactory(factory.django.DjangoModelFactory):
    """A school's context data: by default a small village school, one pupil in twenty of
    the counted ones with ОВЗ."""

    school = factory.SubFactory(SchoolFactory)
    school_year = 2024
    settlement_kind = "village"
    population_from = 0
    population_to = 1
    pupils = 90
    ovz_counted = 20
    ovz_pupils = 0

    class Meta:
        model = "schools.SchoolContext"


# --- Practices and materials ----------------------------------------------------------------


class PracticePageFactory(PublishedPageFactory):
    """A published practice; pass ``parent`` (the bank page) and the taxonomy lists.

    ``levels``, ``subjects``, ``directions`` and ``risk_factors`` take lists of terms.
    """

    title = factory.Sequence(lambda n: f"Практика {n}")
    annotation = "Короткая аннотация практики."
    kind = "pedagogical"
    school = factory.SubFactory(SchoolFactory)
    problem = "Низкие результаты по предмету."
    description = factory.LazyFunction(
        lambda: [("paragraph", "<p>Учитель планирует урок вместе с наставником.</p>")]
    )

    class Meta:
        model = "practices.PracticePage"


class MaterialFactory(factory.django.DjangoModelFactory):
    """A typed document of the bank of presentation materials with a small real PDF."""

    title = factory.Sequence(lambda n: f"Материал {n}")
    file = factory.django.FileField(
        filename="material.pdf",
        data=b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    )
    material_type = "presentation"
    year = 2026

    class Meta:
        model = "practices.Material"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    title = "Программа поддержки ШНОР на 2023–2024 годы"
    slug = factory.Sequence(lambda n: f"programma-{n}")
    territory = "Регион"

    class Meta:
        model = "indicators.Programme"


class ProgrammeIndicatorFactory(factory.django.DjangoModelFactory):
    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"3.{n + 1}")
    name = "Доля ШНОР, показавших положительную динамику образовательных результатов"
    short_name = "Доля ШНОР с положительной динамикой"
    unit = "percent"
    level = "region"

    class Meta:
        model = "indicators.ProgrammeIndicator"


# --- Task descriptions ----------------------------------------------------------------------


def mathematics():
    """The subject the migrations create."""
    from curriculum.models import Subject

    return Subject.objects.get(name="Математика")


class TaskDescriptionFactory(factory.django.DjangoModelFactory):
    """A ВПР description of mathematics, grade 4, for 2022."""

    subject = factory.LazyFunction(mathematics)
    grade = 4
    first_year = 2022
    last_year = 2022

    class Meta:
        model = "skills.TaskDescription"


class DescribedTaskFactory(factory.django.DjangoModelFactory):
    description = factory.SubFactory(TaskDescriptionFactory)
    number = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda task: str(task.number))
    skill = "Умение выполнять арифметические действия с числами"
    level = "Б"
    max_points = 1

    class Meta:
        model = "skills.DescribedTask"


# --- Every other page type --------------------------------------------------------------------
# Published under the home page unless given ``parent`` and ``publish=False``; M2M fields and
# inline children (``audiences=[…]``, ``chosen_practices=[…]``) go in as keyword arguments.


class HomePageFactory(PublishedPageFactory):
    """Another site's home page, at the top of the tree."""

    parent = factory.LazyFunction(Page.get_first_root_node)
    title = factory.Sequence(lambda n: f"Главная {n}")
    slug = factory.Sequence(lambda n: f"glavnaya-{n}")

    class Meta:
        model = "site_cms.HomePage"


class SchoolIndexPageFactory(PublishedPageFactory):
    title = "Школы"
    slug = "shkoly"

    class Meta:
        model = "schools.SchoolIndexPage"


class SchoolPageFactory(PublishedPageFactory):
    """A school's page; pass ``parent`` (the «Школы» page)."""

    school = factory.SubFactory(SchoolFactory)
    title = factory.LazyAttribute(lambda o: o.school.short_name)
    slug = factory.Sequence(lambda n: f"shkola-{n}")

    class Meta:
        model = "schools.SchoolPage"


class QualitySectionPageFactory(PublishedPageFactory):
    """The «Повышение качества образования» section; pass ``parent`` (a school's page)."""

    title = "Повышение качества образования"
    slug = "kachestvo"

    class Meta:
        model = "schools.QualitySectionPage"


class SchoolNewsPageFactory(PublishedPageFactory):
    """A school's news item; pass ``parent`` (the section)."""

    title = factory.Sequence(lambda n: f"Новость {n}")
    slug = factory.Sequence(lambda n: f"novost-{n}")
    date = factory.LazyFunction(lambda: datetime.date(2025, 1, 1))
    intro = "Кратко о новости."

    class Meta:
        model = "schools.SchoolNewsPage"


def school_index_page(parent=None, **fields):
    # tests/indicators still call it; it goes when they use the factory after their move.
    return SchoolIndexPageFactory(parent=parent or home_page(), **fields)


class PracticeIndexPageFactory(PublishedPageFactory):
    title = "Банк лучших практик"
    slug = "praktiki"

    class Meta:
        model = "practices.PracticeIndexPage"


class MaterialsIndexPageFactory(PublishedPageFactory):
    title = "Банк презентационных материалов"
    slug = "materialy"

    class Meta:
        model = "practices.MaterialsIndexPage"


class PracticeCollectionPageFactory(PublishedPageFactory):
    """A collection of practices; pass ``parent`` (the bank) and ``chosen_practices``."""

    title = factory.Sequence(lambda n: f"Сборник лучших практик {n}")
    slug = factory.Sequence(lambda n: f"sbornik-{n}")
    intro = "<p>Практики школ региона, отобранные экспертным советом.</p>"

    class Meta:
        model = "practices.PracticeCollectionPage"


class EventIndexPageFactory(PublishedPageFactory):
    title = "Календарь семинаров"
    slug = "kalendar"

    class Meta:
        model = "events.EventIndexPage"


class EventPageFactory(PublishedPageFactory):
    """A two-hour online seminar a week from now; pass ``parent`` (the calendar)."""

    title = factory.Sequence(lambda n: f"Семинар {n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    event_type = "seminar"
    event_format = "online"

    class Meta:
        model = "events.EventPage"


class RoadmapPageFactory(PublishedPageFactory):
    title = "Дорожная карта"
    slug = factory.Sequence(lambda n: f"dorozhnaya-karta-{n}")
    level = "region"
    period_start = datetime.date(2023, 6, 1)
    period_end = datetime.date(2024, 12, 31)

    class Meta:
        model = "roadmaps.RoadmapPage"


class IndicatorPageFactory(PublishedPageFactory):
    title = "Показатели"
    slug = factory.Sequence(lambda n: f"pokazateli-{n}")

    class Meta:
        model = "indicators.IndicatorPage"
