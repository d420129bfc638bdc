from django import template
from wagtail.models import Page, Site

from site_cms import page_cache
from site_cms.models import NavigationSettings

register = template.Library()


def _menu_links(context, field_name):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []

    def labels_and_hrefs():
        # for_request keeps the settings on the request: both menus cost one query.
        menu = getattr(NavigationSettings.for_request(request), field_name)
        return [(link.value["label"], link.value.href) for link in menu]

    # Kept until the next publication: the links' pages and URLs change only then.
    links = page_cache.shared_while_published(f"menu:{site.pk}:{field_name}", labels_and_hrefs)
    return [
        {"label": label, "href": href, "current": menu_current(href, request.path)}
        for label, href in links
    ]


def menu_current(href, path):
    """``aria-current`` of a menu link: "page" on its own page, "true" anywhere below it."""
    if href == path:
        return "page"
    if href and href != "/" and href.endswith("/") and path.startswith(href):
        return "true"
    return ""


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    return {"links": _menu_links(context, "main_menu")}


@register.inclusion_tag("includes/footer_menu.html", takes_context=True)
def footer_menu(context):
    return {"links": _menu_links(context, "footer_menu")}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The path from the home page down to the current page; nothing on the home page itself."""
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return {"ancestors": list(ancestors), "current": page}
