"""What the two-instance stage (.ci/two-instances.sh) needs before its servers start: the
«Показатели» page, whose open data the test reads, and the municipality of the schools its
results name. Everything the test checks it publishes itself, over HTTP."""

from indicators.models import IndicatorPage
from schools.models import Municipality
from site_cms.models import HomePage

MUNICIPALITY = "Проверочный район"


def seed():
    Municipality.objects.get_or_create(name=MUNICIPALITY)
    if not IndicatorPage.objects.exists():
        home = HomePage.objects.get()
        page = home.add_child(instance=IndicatorPage(title="Показатели", slug="pokazateli"))
        page.save_revision().publish()
