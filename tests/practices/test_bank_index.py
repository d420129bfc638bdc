"""The bank's prepared facet index: stored after the first visit, stale after any change of
what it is made of, and never stored when a change came while it was being prepared."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from practices import bank_index as bank_index_module
from practices.bank_index import bank_index, build_index
from practices.facets import parse_selection
from practices.models import PracticePage, PreparedBankIndex
from tests.factories import MunicipalityFactory, PracticePageFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(bank, terms):
    school = SchoolFactory()
    return [
        PracticePageFactory(
            parent=bank, school=school, directions=[terms["directions"]["vsoko"]], kind=kind
        )
        for kind in ("pedagogical", "managerial", "pedagogical")
    ]


def counts(bank, key, query=None):
    facet = next(f for f in bank_index(bank).facets(parse_selection(query or {})) if f.key == key)
    return {value.label: value.count for value in facet.values}


def is_stored(bank):
    row = PreparedBankIndex.objects.get(bank=bank)
    return row.version == row.built_version


def test_the_first_visit_stores_the_index_and_a_change_makes_it_stale(bank, practices):
    index = bank_index(bank)
    assert is_stored(bank)
    assert bank_index(bank) == index
    practices[0].save_revision().publish()
    assert not is_stored(bank)


def test_unpublishing_and_deleting_take_practices_out(bank, practices):
    assert counts(bank, "kind") == {"педагогическая": 2, "управленческая": 1}
    practices[0].unpublish()
    assert counts(bank, "kind") == {"педагогическая": 1, "управленческая": 1}
    practices[1].delete()
    assert counts(bank, "kind") == {"педагогическая": 1}


def test_a_renamed_term_and_a_moved_school_show_at_once(bank, terms, practices):
    assert counts(bank, "direction") == {"ВСОКО": 3}
    direction = terms["directions"]["vsoko"]
    direction.name = "Внутренняя система оценки качества"
    direction.save()
    assert counts(bank, "direction") == {"Внутренняя система оценки качества": 3}
    school = practices[0].school
    school.municipality = MunicipalityFactory(name="Новый район")
    school.save()
    assert counts(bank, "municipality") == {"Новый район": 3}


def test_a_view_restriction_and_a_move_take_practices_out(bank, home, practices):
    PageViewRestriction.objects.create(page=practices[0], restriction_type="login")
    assert sum(counts(bank, "kind").values()) == 2
    practices[1].move(home, pos="last-child")
    assert sum(counts(bank, "kind").values()) == 1


def test_a_change_while_the_index_is_prepared_is_not_lost(bank, practices):
    def prepared_during_a_publication(page):
        index = build_index(page)
        PracticePageFactory(parent=bank, school=practices[0].school, kind="managerial")
        return index

    with mock.patch.object(bank_index_module, "build_index", prepared_during_a_publication):
        assert sum(counts(bank, "kind").values()) == 3
    assert not is_stored(bank)
    assert sum(counts(bank, "kind").values()) == 4
    assert PracticePage.objects.live().count() == 4


def test_the_cards_link_to_the_practices_own_addresses(client, bank, practices):
    """Cards are rows, their links built from the bank's address: the same as Wagtail's."""
    cyrillic = PracticePageFactory(parent=bank, title="Своя", slug="своя-практика")
    soup = BeautifulSoup(client.get(bank.url).content, "html.parser")

    links = {a.get_text(strip=True): a["href"] for a in soup.select(".practice-card h3 a")}

    assert links["Своя"] == cyrillic.url
    assert links[practices[0].title] == practices[0].url
