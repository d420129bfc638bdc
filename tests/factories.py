"""Factories for the pages and models of the portal."""

import datetime

import factory
import wagtail_factories
from wagtail.models import Site

from site_cms.models import StandardPage


def home_page():
    """The home page the migrations create: the root of the default site."""
    return Site.objects.get(is_default_site=True).root_page.specific


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page added under the home page (or ``parent``) and published through a revision."""

    parent = factory.LazyFunction(home_page)

    class Meta:
        abstract = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        page = super()._create_instance(model_class, parent, kwargs)
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


def school_index_page(parent=None, **fields):
    """The «Школы» page under the home page (or ``parent``), published."""
    from schools.models import SchoolIndexPage

    parent = parent or home_page()
    index = SchoolIndexPage(
        title=fields.pop("title", "Школы"), slug=fields.pop("slug", "shkoly"), **fields
    )
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


# --- Practices and materials ----------------------------------------------------------------


def practice_index_page(parent=None, **fields):
    """The «Банк лучших практик» page under the home page (or ``parent``), published."""
    from practices.models import PracticeIndexPage

    parent = parent or home_page()
    index = PracticeIndexPage(
        title=fields.pop("title", "Банк лучших практик"),
        slug=fields.pop("slug", "praktiki"),
        **fields,
    )
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def materials_index_page(parent=None, **fields):
    """The «Банк презентационных материалов» page under the home page, published."""
    from practices.models import MaterialsIndexPage

    parent = parent or home_page()
    index = MaterialsIndexPage(
        title=fields.pop("title", "Банк презентационных материалов"),
        slug=fields.pop("slug", "materialy"),
        **fields,
    )
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


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

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        terms = {
            name: kwargs.pop(name)
            for name in ("levels", "subjects", "directions", "risk_factors")
            if name in kwargs
        }
        page = model_class(**kwargs)
        for name, values in terms.items():
            getattr(page, name).set(values)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page


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
