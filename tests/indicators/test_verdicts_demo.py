"""The demo's verdicts through HTTP: schools that improved beyond chance, a small school whose
improvement is within it, a school with too few pupils, and the ШНОР behind the region's share.
"""

import html
import re

import pytest

from demo import indicators_results
from demo.indicators import PAGE_SCHOOL
from demo.timeline import year
from schools.models import SchoolPage

PAGE = "/pokazateli/"
IMPROVED_CLEARLY = "240201"  # «Мокрушинская СОШ»: IMPROVES_LATE_CLEARLY in both subjects


@pytest.fixture
def demo(demo_loaded, db):
    """The whole demo, loaded once for the session; each test runs in its own savepoint."""


def page_of(number):
    return SchoolPage.objects.get(school__codes__code=f"sch{number}")


def verdicts(client, number):
    """The school page's verdict sentences, tags dropped, spaces collapsed."""
    content = client.get(page_of(number).url).content.decode()
    section = content.split('id="school-verdicts-title"')[1].split("</section>")[0]
    items = re.findall(r"<li class=\"school-verdicts__item\">\s*<p>(.*?)</p>", section, re.S)
    return [re.sub(r"\s+", " ", html.unescape(item).replace("\xa0", " ")) for item in items]


def test_demo_schools_show_real_verdicts(demo, client):
    clearly = verdicts(client, IMPROVED_CLEARLY)
    assert [line.split(" — ")[0] for line in clearly] == [
        "Математика: результаты улучшились",
        "Русский язык: результаты улучшились",
    ]
    assert all(
        line.endswith("это больше, чем могло бы дать случайное колебание.") for line in clearly
    )

    # The page's school improved by the margin in the last year, not beyond chance in classes of 14.
    assert PAGE_SCHOOL in indicators_results.IMPROVED_IN_LAST_YEAR
    small = verdicts(client, PAGE_SCHOOL)
    assert all(line.split(":")[1].startswith(" без заметных изменений") for line in small)
    assert any("но такое изменение могло быть случайным колебанием" in line for line in small)

    years = f"{year(2024)} или {year(2025)} году"
    assert verdicts(client, indicators_results.SMALL_SCHOOL) == [
        f"Математика: мало участников, чтобы судить об изменениях — меньше 5 в {years}.",
        f"Русский язык: мало участников, чтобы судить об изменениях — меньше 5 в {years}.",
    ]


def test_the_indicators_page_names_the_shnor_behind_the_share(demo, client):
    content = html.unescape(client.get(PAGE).content.decode()).replace("\xa0", " ")

    last = year(2025)
    assert f"Математика, {last}: положительная динамика у 3 из 11 ШНОР — какие это школы" in content
    assert (
        f"Русский язык, {last}: положительная динамика у 2 из 11 ШНОР — какие это школы" in content
    )
    page = page_of(IMPROVED_CLEARLY)
    name = html.unescape(page.school.short_name)
    assert re.search(
        rf'<a href="{re.escape(page.url)}">{re.escape(name)}</a></th>\s*'
        r"<td>улучшение</td>\s*<td>в числителе и знаменателе</td>",
        content,
    )
