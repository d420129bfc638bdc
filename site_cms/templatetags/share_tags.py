"""What a page shows when it is shared or read by machines: Open Graph and Twitter card tags
(``{% open_graph %}``, templates/includes/open_graph.html) and absolute addresses
(``{% absolute_url path %}``, through site_cms/absolute_urls.py)."""

import html

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Page

from site_cms import absolute_urls
from site_cms.models import InstituteSettings

register = template.Library()

# A page's own short text, the first one it has: the editors' description for search engines,
# then the summary, annotation or introduction its type has.
DESCRIPTION_FIELDS = ("search_description", "summary", "annotation", "intro")
DESCRIPTION_CHARS = 300
# The page's own picture (a school's photo); the rendition is one its page already shows.
IMAGE_FIELD = "photo"
IMAGE_SPEC = "format-jpeg|width-800"
# Social networks read no SVG: the site's mark as a PNG.
FALLBACK_IMAGE = ("img/share.png", 1200, 630)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return absolute_urls.absolute_url(path, context.get("request"))


@register.inclusion_tag("includes/open_graph.html", takes_context=True)
def open_graph(context):
    request = context.get("request")
    if request is None:
        return {}
    institute = InstituteSettings.for_request(request)
    site_name = institute.short_name or settings.WAGTAIL_SITE_NAME
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    return {
        "site_name": site_name,
        "url": absolute_urls.absolute_url(request.path, request),
        "type": "article" if page and getattr(page, "subpage_types", None) == [] else "website",
        "title": (page.seo_title or page.title) if page else site_name,
        "description": description(page) or institute.tagline or institute.name or site_name,
        "image": page_image(page, request) or fallback_image(request, site_name),
    }


def description(page):
    for field in DESCRIPTION_FIELDS:
        text = html.unescape(strip_tags(str(getattr(page, field, "") or ""))).strip()
        if text:
            return Truncator(" ".join(text.split())).chars(DESCRIPTION_CHARS)
    return ""


def page_image(page, request):
    image = getattr(page, IMAGE_FIELD, None)
    if image is None:
        return None
    rendition = get_rendition_or_not_found(image, IMAGE_SPEC)
    return {
        "url": absolute_urls.absolute_url(rendition.url, request),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
        "large": True,
    }


def fallback_image(request, site_name):
    path, width, height = FALLBACK_IMAGE
    return {
        "url": absolute_urls.absolute_url(static(path), request),
        "width": width,
        "height": height,
        "alt": site_name,
        "large": False,
    }
