"""Screens of the project's own in the admin (a report, a booking form, a page's import): their
title ends the breadcrumbs, as on Wagtail's screens, instead of the header reading «Главная»
alone."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.defaults import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page


class AdminScreenMixin(WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class PageAdminScreenMixin(AdminScreenMixin):
    """A screen of one page (``page_model`` by the URL's ``page_id``) for those who may edit it,
    under the page's editor in the breadcrumbs."""

    page_model = Page

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = get_object_or_404(self.page_model, pk=page_id)
        if not self.page.permissions_for_user(request.user).can_edit():
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        page_editor = {
            "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            "label": self.page.title,
        }
        return [*self.breadcrumbs_items, page_editor, {"url": "", "label": self.get_page_title()}]
