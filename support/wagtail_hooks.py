from wagtail import hooks

from .public import factor_measures_block
from .views import SupportViewSetGroup


@hooks.register("register_admin_viewset")
def register_profiles():
    return SupportViewSetGroup()


hooks.register("quality_section_blocks", factor_measures_block)
