"""Risk profiles, their factors' assessments and measures."""

import datetime

import factory

from practices.models import RiskFactor
from tests.factories import SchoolFactory


class RiskProfileFactory(factory.django.DjangoModelFactory):
    school = factory.SubFactory(SchoolFactory)
    school_year = 2025
    state = "draft"
    teachers_total = 20
    teachers_diagnosed = 12
    teachers_with_deficits = 7
    teachers_on_route = 5

    class Meta:
        model = "support.RiskProfile"


class FactorAssessmentFactory(factory.django.DjangoModelFactory):
    profile = factory.SubFactory(RiskProfileFactory)
    factor = factory.Iterator(RiskFactor.objects.all())
    level = "high"
    source = "self"
    basis = "По итогам самодиагностики"

    class Meta:
        model = "support.FactorAssessment"


class MeasureFactory(factory.django.DjangoModelFactory):
    profile = factory.SubFactory(RiskProfileFactory)
    action = "Семинар по формирующему оцениванию"
    responsible = "заместитель директора по УВР"
    starts_on = datetime.date(2025, 10, 1)
    ends_on = datetime.date(2025, 12, 20)
    status = "planned"

    class Meta:
        model = "support.Measure"
