"""A screen of the project's own in the admin (a report, a booking form): its title ends the
breadcrumbs, as on Wagtail's screens, instead of the header reading «Главная» alone."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminScreenMixin(WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]
