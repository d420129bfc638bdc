from wagtail import hooks

from indicators.programme.computing import COMPUTATIONS_HOOK

from .programme import programme_values
from .public import factor_measures_block
from .views import SupportViewSetGroup


@hooks.register("register_admin_viewset")
def register_profiles():
    return SupportViewSetGroup()


hooks.register("quality_section_blocks", factor_measures_block)
hooks.register(COMPUTATIONS_HOOK, programme_values)
