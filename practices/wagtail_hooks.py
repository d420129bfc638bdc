"""The bank's place in the shell and the admin: «Новые практики» on the home page, a school's
practices on its page, the collection's PDF preview, the review rules, the admin API's
documents."""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from site_cms.admin_russian import RussianViewSetMixin
from site_cms.home_sections import HomeSection, HomeSectionItem
from site_cms.kept import kept

from .bank_index import newest_practices, practices_under
from .collection_views import draft_preview
from .document_api import PermittedDocumentsAPIViewSet
from .facets import sort_practices
from .listing import card_rows, practice_cards
from .models import (
    Direction,
    PracticeCollectionPage,
    PracticeIndexPage,
    PracticePage,
    PreparedBankIndex,
    RiskFactor,
)
from .permissions import edits_whole_bank

HOME_PRACTICES = 4
SCHOOL_PRACTICES = 5


def practice_item(card, *, with_school=True):
    """A practice's line in a section, from its card (``listing.Card``)."""
    meta = [card.kind_label.capitalize()]
    if with_school:
        meta += [card.school_name, card.municipality_name]
    if card.is_recommended:
        meta.append("рекомендована экспертным советом")
    return HomeSectionItem(
        title=card.title, url=card.url, meta=" · ".join(meta), summary=card.annotation
    )


def live_bank():
    """The live bank. Whether visitors may see it is left to its practices: those of a
    private bank are not public, so its sections have none to show."""
    return PracticeIndexPage.objects.live().first()


def practices_section(title, cards, bank_url, *, with_school=True):
    if not cards:
        return None
    return HomeSection(
        title=title,
        items=[practice_item(card, with_school=with_school) for card in cards],
        more_url=bank_url,
        more_label="Весь банк практик",
    )


@hooks.register("home_page_sections")
def new_practices(request):
    bank = live_bank()
    if bank is None:
        return None
    bank_url = bank.get_url(request)
    # The bank's prepared index holds its practices newest first: no sorting of them all.
    pks = newest_practices(bank, HOME_PRACTICES)
    return practices_section(
        "Новые практики", practice_cards(PracticePage.objects.all(), pks, bank_url), bank_url
    )


@hooks.register("school_page_sections")
def school_practices(request, school):
    # The bank with its index's version (one query), which counts every change of a practice
    # (its publication, its address, a restriction): the section is kept by it, unless no
    # index was ever prepared to count them.
    version = PreparedBankIndex.objects.filter(bank_id=OuterRef("pk")).values("version")
    bank = PracticeIndexPage.objects.live().annotate(index_version=Subquery(version)).first()
    if bank is None:
        return None
    bank_url = bank.get_url(request)

    def section():
        practices = sort_practices(practices_under(bank).filter(school=school), "recommended")
        return practices_section(
            "Практики школы в банке лучших практик",
            card_rows(practices[:SCHOOL_PRACTICES], bank_url),
            bank_url,
            with_school=False,
        )

    if bank.index_version is None:
        return section()
    return kept("school-practices", (bank.pk, bank_url, bank.index_version, school.pk), section)


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
