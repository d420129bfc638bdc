"""A school page's result charts and verdicts are prepared when results are imported; the page
only draws them: no pandas in its request. Through ``manage.py import_results`` and the page."""

import sys
from contextlib import contextmanager
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory

from curriculum.models import Subject
from indicators.charts import prepared
from indicators.models import PreparedSchoolResults, ResultAggregate
from indicators.wagtail_hooks import school_results, school_verdicts
from schools.models import SchoolStatus
from schools.provisioning import provision_school
from site_cms import page_cache
from tests.factories import IndicatorPageFactory, SchoolFactory, school_index_page
from tests.indicators.fixtures import SAMPLE, write_2022
from tests.indicators.test_commands import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_page(home, settings, tmp_path, django_capture_on_commit_callbacks):
    """School 220001 of SAMPLE with its page, after its protocol's import (the task worker's
    preparation run as the import commits). SAMPLE's 220001 writes 14, 9, 5, 10,5 and 20
    points: by the scale 6/10/14 one «2» of 5 participants, 20 %."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.RESULTS_PUBLIC_MIN_PARTICIPANTS = 5
    school = SchoolFactory(code__code="sch220001")
    for number in ("220002", "220003"):
        SchoolFactory(code__code=f"sch{number}")
    page = provision_school(school, school_index_page(home))
    path = write_2022(tmp_path / "Проведение работы по математике, 4 класс.xlsx", SAMPLE)
    with django_capture_on_commit_callbacks(execute=True):
        run("import_results", path, "--year", "2022", "--scale", "6,10,14")
    return page


@contextmanager
def pandas_calls():
    """The pandas modules whose functions are called within the block."""
    called = set()

    def trace(frame, event, _arg):
        if event == "call" and "/pandas/" in frame.f_code.co_filename:
            called.add(frame.f_code.co_filename)

    sys.setprofile(trace)
    try:
        yield called
    finally:
        sys.setprofile(None)


def chart_rows(client, page):
    """The rows of the table under the page's first result chart."""
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    results = html.find(id="results-title").parent
    assert html.find(id="school-verdicts-title")
    return [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in results.select_one("figure table").select("tr")
    ]


def test_the_import_prepares_the_charts_and_the_page_only_draws_them(client, school_page):
    stored = PreparedSchoolResults.objects.get(school=school_page.school)
    assert stored.data["charts"][0]["series"] == [["4 класс", [["2022", 0.2]]]]
    assert "результатов 2021 года нет" in stored.data["verdicts"][0]["sentence"]

    with mock.patch.object(prepared, "compute", side_effect=AssertionError("computed")):
        rows = chart_rows(client, school_page)

    assert rows == [["Год", "4 класс"], ["2022", "20\u00a0%"]]


def test_the_page_calls_no_pandas_for_its_charts_and_verdicts(school_page):
    request = RequestFactory().get(school_page.url)
    school = school_page.school
    with pandas_calls() as called:
        charts = school_results(request, school)
        verdicts = school_verdicts(request, school)

    assert "<svg" in charts and "2021" in verdicts
    assert not called


def test_results_changed_without_an_import_are_prepared_again_by_the_page(client, school_page):
    ResultAggregate.objects.filter(school=school_page.school).update(mark2=2, mark5=1)

    assert chart_rows(client, school_page)[1] == ["2022", "40\u00a0%"]
    assert PreparedSchoolResults.objects.get(school=school_page.school).data["charts"][0][
        "series"
    ] == [["4 класс", [["2022", 0.4]]]]


def test_the_indicator_pages_result_blocks_draw_without_pandas_after_a_publication(
    client, school_page
):
    """«Динамика ШНОР» and «Результаты школы» compute from their rows once; the next view,
    even after a publication, draws what was kept for the same rows."""
    school = school_page.school
    math = Subject.objects.get(name="Математика")
    SchoolStatus.objects.create(
        school=school, school_year=2021, status=SchoolStatus.Status.LOW_RESULTS
    )
    page = IndicatorPageFactory(
        title="Показатели",
        body=[
            {
                "type": "shnor_dynamics",
                "value": {"heading": "Динамика", "procedure": "VPR", "subjects": [math.pk]},
            },
            {
                "type": "school_results",
                "value": {
                    "heading": "Школа",
                    "school_page": school_page.pk,
                    "procedure": "VPR",
                    "subject": math.pk,
                    "grade": None,
                },
            },
        ],
    )
    first = client.get(page.url).content.decode()
    page_cache.invalidate()
    with pandas_calls() as called:
        again = client.get(page.url).content.decode()

    assert again == first
    assert "Средний балл" in again and "Данных для сравнения по годам пока нет." in again
    assert not called


def test_what_reads_every_schools_results_is_computed_again_after_an_import(
    school_page, tmp_path, django_capture_on_commit_callbacks
):
    """The objectivity and similar-schools blocks are kept by the results' state, not by
    publications: drawn again, they are read; after an import (the same file again replaces
    the results under a new log) they are computed again."""
    from indicators.objectivity import school_section
    from indicators.results import similar_page

    school = school_page.school
    request = RequestFactory().get(school_page.url)
    with (
        mock.patch.object(
            school_section, "school_objectivity_html", wraps=school_section.school_objectivity_html
        ) as objectivity,
        mock.patch.object(similar_page, "_compared", wraps=similar_page._compared) as similar,
    ):
        for _visit in range(2):
            school_section.school_objectivity(RequestFactory().get(school_page.url), school)
            similar_page.school_similar(RequestFactory().get(school_page.url), school)
        assert (objectivity.call_count, similar.call_count) == (1, 1)

        state = prepared.results_state(request)
        path = write_2022(tmp_path / "Проведение работы по математике, 4 класс.xlsx", SAMPLE)
        with django_capture_on_commit_callbacks(execute=True):
            run("import_results", path, "--year", "2022", "--scale", "6,10,14")
        assert prepared.results_state() != state
        school_section.school_objectivity(RequestFactory().get(school_page.url), school)
        similar_page.school_similar(RequestFactory().get(school_page.url), school)
        assert (objectivity.call_count, similar.call_count) == (2, 2)
