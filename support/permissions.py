"""Who may see and change which risk profiles.

A school's editors (its editors' group, ``schools.permissions.own_schools``) fill in their own
schools' profiles and send them for review; a coordinator (``support.confirm_riskprofile``,
granted to «Координаторы» by a migration) sees every profile, confirms it and may delete it.
Every admin door takes its objects from ``profiles_for``, so another school's profile is
not found rather than merely hidden.
"""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from schools.models import School
from schools.permissions import own_schools

from .models import RiskProfile


def reviews(user):
    return user.is_active and (user.is_superuser or user.has_perm("support.confirm_riskprofile"))


def schools_for(user):
    return School.objects.all() if reviews(user) else own_schools(user)


def profiles_for(user):
    profiles = RiskProfile.objects.all()
    return profiles if reviews(user) else profiles.filter(school__in=own_schools(user))


class RiskProfilePolicy(ModelPermissionPolicy):
    """Editors of some school add, view and change (their own) profiles; reviewers do all."""

    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        if reviews(user):
            return True
        return action in ("add", "change", "view") and own_schools(user).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            reviews(user) or own_schools(user).filter(pk=instance.school_id).exists()
        )

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return RiskProfile.objects.none()
        return profiles_for(user)


register_permission_policy(RiskProfile, RiskProfilePolicy(RiskProfile), exact_class=True)
