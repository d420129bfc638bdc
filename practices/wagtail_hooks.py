"""The bank's place in the shell and the admin: «Новые практики» on the home page, a school's
practices on its page, the collection's PDF preview, the review rules, the admin API's
documents."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from site_cms.admin_russian import RussianViewSetMixin
from site_cms.home_sections import HomeSection, HomeSectionItem

from .collection_views import draft_preview
from .document_api import PermittedDocumentsAPIViewSet
from .facets import sort_practices
from .listing import cards
from .models import Direction, PracticeCollectionPage, PracticeIndexPage, PracticePage, RiskFactor
from .permissions import edits_whole_bank

HOME_PRACTICES = 4
SCHOOL_PRACTICES = 5


def practice_item(practice, request, *, with_school=True):
    meta = [practice.get_kind_display().capitalize()]
    if with_school:
        meta += [practice.school.short_name, practice.school.municipality.name]
    if practice.is_recommended:
        meta.append("рекомендована экспертным советом")
    return HomeSectionItem(
        title=practice.title,
        url=practice.get_url(request),
        meta=" · ".join(meta),
        summary=practice.annotation,
    )


def bank_url(request):
    bank = PracticeIndexPage.objects.live().public().first()
    return bank.get_url(request) if bank else ""


@hooks.register("home_page_sections")
def new_practices(request):
    practices = list(
        sort_practices(cards(PracticePage.objects.live().public()), "new")[:HOME_PRACTICES]
    )
    if not practices:
        return None
    return HomeSection(
        title="Новые практики",
        items=[practice_item(practice, request) for practice in practices],
        more_url=bank_url(request),
        more_label="Весь банк практик",
    )


@hooks.register("school_page_sections")
def school_practices(request, school):
    practices = list(
        sort_practices(PracticePage.objects.live().public().filter(school=school), "recommended")[
            :SCHOOL_PRACTICES
        ]
    )
    if not practices:
        return None
    return HomeSection(
        title="Практики школы в банке лучших практик",
        items=[practice_item(practice, request, with_school=False) for practice in practices],
        more_url=bank_url(request),
        more_label="Весь банк практик",
    )


# --- «Сборник лучших практик»: the PDF of the latest revision for editors --------------------


@hooks.register("register_admin_urls")
def collection_admin_urls():
    return [path("practices/collections/<int:page_id>/pdf/", draft_preview, name="collection_pdf")]


@hooks.register("register_page_header_buttons")
def collection_pdf_button(page, user, view_name=None, next_url=None):
    if (
        isinstance(page.specific_deferred, PracticeCollectionPage)
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            "Предпросмотр PDF",
            reverse("collection_pdf", args=[page.pk]),
            icon_name="download",
            priority=60,
        )


# --- «Экспертиза практики»: school editors add practices, nothing else ------------------------


@hooks.register("before_create_page")
def only_institute_roles_compose_collections(request, parent_page, page_class):
    # School editors hold «add» on the bank for their practices; a collection is the institute's.
    if issubclass(page_class, PracticeCollectionPage) and not edits_whole_bank(
        request.user, parent_page
    ):
        raise PermissionDenied


# --- Documents in the admin API: only those of the user's collections ------------------------


@hooks.register("construct_admin_api", order=1)  # after Wagtail's own «documents» endpoint
def permitted_documents_api(router):
    router.register_endpoint("documents", PermittedDocumentsAPIViewSet)


class DirectionViewSet(RussianViewSetMixin, SnippetViewSet):
    model = Direction
    add_label = "Добавить направление"
    count_forms = "направление,направления,направлений"


class RiskFactorViewSet(RussianViewSetMixin, SnippetViewSet):
    model = RiskFactor
    add_label = "Добавить фактор риска"
    count_forms = "фактор риска,фактора риска,факторов риска"


register_snippet(DirectionViewSet)
register_snippet(RiskFactorViewSet)
