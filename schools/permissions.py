"""Who works for which school: a school's editors' group, and the institute's roles above them.

A school's editors hold page permissions on their school's page only; the institute's roles
(editors, coordinators) hold theirs on the root of the page tree.
"""

from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from .models import QualitySectionPage, School, SchoolPage


def own_schools(user):
    """The schools whose editors' group the user belongs to."""
    return School.objects.filter(editors_group__in=user.groups.all()).order_by("short_name")


def edits_whole_site(user):
    """Whether the user edits pages anywhere on the site, and so may name any school: the
    institute's roles do; a school's editors name only their own schools."""
    if user.is_superuser:
        return True
    root = Page.get_first_root_node()
    return root is not None and page_permission_policy.user_has_permission_for_instance(
        user, "change", root
    )


def adds_only_section_pages(user, parent_page):
    """Whether the user adds below ``parent_page`` only the page types of a school's section
    (news, text pages, a roadmap): a school's editors do, so that a text page of their section
    cannot hold an event calendar or an indicator page that the site lists as the institute's."""
    return (
        not edits_whole_site(user)
        and parent_page.get_ancestors(inclusive=True).type(SchoolPage).exists()
    )


def section_page_types():
    return tuple(QualitySectionPage.allowed_subpage_models())
