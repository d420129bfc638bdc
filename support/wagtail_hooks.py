from wagtail import hooks

from .views import RiskProfileViewSet


@hooks.register("register_admin_viewset")
def register_profiles():
    return RiskProfileViewSet()
