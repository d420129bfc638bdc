"""Who may do what in the bank of practices.

Every school's editors' group holds Wagtail's «add» permission, without «publish», on the bank
page: its members create practices, edit only the practices they own and, instead of
publishing, submit them to the workflow «Экспертиза практики». Reviewing is the permission
``practices.review_practice`` (the «Экспертиза» tab) plus membership of the workflow's group.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.permissions import page_permission_policy

SCHOOL_EDITORS_PAGE_PERMISSION = "add_page"
REVIEW_PERMISSION = "practices.review_practice"


def edits_whole_bank(user, bank):
    """Whether the user edits every page of the bank, not only the own ones: the institute's
    roles do, and name any school on a practice; school editors name their own schools."""
    if user.is_superuser:
        return True
    return bank is not None and page_permission_policy.user_has_permission_for_instance(
        user, "change", bank
    )


def lists_materials(user):
    """Whether the user may list a document in the bank of materials (its «Вид материала» and
    event): the institute's editors, who hold «change» on documents of every collection.
    Listing is publishing, so a school's editors (their own collection only) and the
    coordinators (who upload but change nothing) leave it to them."""
    if user.is_superuser:
        return True
    return GroupCollectionPermission.objects.filter(
        group__user=user,
        collection=Collection.get_first_root_node(),
        permission__content_type__app_label="wagtaildocs",
        permission__codename="change_document",
    ).exists()


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
