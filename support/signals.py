"""The rows of the support app that public pages show."""


def connect():
    from site_cms.signals import refresh_on_change

    from .models import FactorAssessment, Measure, RiskProfile

    # A school's section shows its confirmed profile's factors and measures.
    refresh_on_change(RiskProfile, FactorAssessment, Measure)
