"""Factories for the pages and models of the portal."""

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
