"""One action that gives a registry school its place on the site.

``provision_school`` creates whatever is missing of: the school's collection, its editors'
group with permissions limited to its own page and collection, its page under the school index
and the «Повышение качества образования» section below it. Running it again changes nothing.
"""

from anyascii import anyascii
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .models import QualitySectionPage, SchoolIndexPage, SchoolPage
from .signals import school_provisioned

SECTION_TITLE = "Повышение качества образования"
SECTION_SLUG = "kachestvo-obrazovaniya"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def school_label(school):
    """«Школа: <name> (<municipality>, <login>)»: unique, since logins are, and at most the
    150 characters of a group name: a long name is cut, never the login."""
    code = school.codes.values_list("code", flat=True).first() or f"№ {school.pk}"
    suffix = f" ({school.municipality.name}, {code})"
    return f"Школа: {school.short_name}"[: 150 - len(suffix)] + suffix


def school_slug(school):
    base = slugify(anyascii(school.short_name)) or "school"
    number = school.codes.values_list("number", flat=True).first()
    return f"{base}-{number}" if number else base


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_collection(school):
    if school.collection is None:
        root = Collection.get_first_root_node()
        school.collection = root.add_child(name=school_label(school))
        school.save(update_fields=["collection"])
    return school.collection


def ensure_editors_group(school):
    if school.editors_group is None:
        school.editors_group, _ = Group.objects.get_or_create(name=school_label(school))
        school.save(update_fields=["editors_group"])
    group = school.editors_group
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return group


def ensure_page(school, index_page):
    page = SchoolPage.objects.filter(school=school).first()
    if page is None:
        page = SchoolPage(title=school.short_name, slug=school_slug(school), school=school)
        index_page.add_child(instance=page)
        page.save_revision().publish()
    return page


def ensure_section(school_page):
    section = QualitySectionPage.objects.child_of(school_page).first()
    if section is None:
        section = QualitySectionPage(title=SECTION_TITLE, slug=SECTION_SLUG)
        school_page.add_child(instance=section)
        section.save_revision().publish()
    return section


def grant_permissions(group, school_page, collection):
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=school_page, permission=_permission("wagtailcore", codename)
        )
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


@transaction.atomic
def provision_school(school, index_page=None):
    """Create what is missing for the school on the site; return its SchoolPage."""
    index_page = index_page or SchoolIndexPage.objects.first()
    if index_page is None:
        raise ValueError("На сайте нет страницы «Школы»: создайте её, затем повторите.")
    collection = ensure_collection(school)
    group = ensure_editors_group(school)
    page = ensure_page(school, index_page)
    ensure_section(page)
    grant_permissions(group, page, collection)
    school_provisioned.send(sender=type(school), school=school)
    return page
