"""Who may do what in the bank of practices.

Every school's editors' group holds Wagtail's «add» permission, without «publish», on the bank
page: its members create practices, edit only the practices they own and, instead of
publishing, submit them to the workflow «Экспертиза практики». Reviewing is the permission
``practices.review_practice`` (the «Экспертиза» tab) plus membership of the workflow's group.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission
from wagtail.permissions import page_permission_policy

from schools.models import School

SCHOOL_EDITORS_PAGE_PERMISSION = "add_page"
REVIEW_PERMISSION = "practices.review_practice"


def own_schools(user):
    """The schools whose editors' group the user belongs to."""
    return School.objects.filter(editors_group__in=user.groups.all()).order_by("short_name")


def edits_whole_bank(user, bank):
    """Whether the user edits every page of the bank, not only the own ones: the institute's
    roles do, and name any school on a practice; school editors name their own schools."""
    if user.is_superuser:
        return True
    return bank is not None and page_permission_policy.user_has_permission_for_instance(
        user, "change", bank
    )


def school_editors_groups():
    """The editors' groups of all provisioned schools."""
    return Group.objects.filter(school__isnull=False)


def grant_school_editors(banks, groups):
    """Give the groups «add» on the bank pages; what is already granted stays as it is."""
    banks, groups = list(banks), list(groups)
    permission = Permission.objects.get(
        content_type__app_label="wagtailcore", codename=SCHOOL_EDITORS_PAGE_PERMISSION
    )
    granted = set(
        GroupPagePermission.objects.filter(
            permission=permission, page__in=banks, group__in=groups
        ).values_list("group_id", "page_id")
    )
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=bank, permission=permission)
        for bank in banks
        for group in groups
        if (group.pk, bank.pk) not in granted
    )
