"""The demo institute's details (InstituteSettings) for the default site."""

from wagtail.models import Site

from site_cms.models import InstituteSettings

from .content import INSTITUTE


def load_institute_settings(stdout):
    institute = InstituteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in INSTITUTE.items():
        setattr(institute, name, value)
    institute.save()
    stdout.write(f"Сведения об организации: {institute.name} ({institute.short_name})")
