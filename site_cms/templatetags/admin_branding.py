"""The admin's branding (templates/wagtailadmin/): the portal's name from WAGTAIL_SITE_NAME.

Read from the settings, not the database, so the branding adds no query to any admin page.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def portal_name():
    return settings.WAGTAIL_SITE_NAME
