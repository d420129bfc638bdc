"""The survey import through ``import_risk_survey``: a bad file is refused whole with its row
numbers and saves nothing; a good one fills the year's profiles; a re-import replaces what
the previous one wrote and keeps what was assessed by hand."""

import pytest
from django.core.management import CommandError, call_command

from support.models import FactorAssessment, RiskProfile
from tests.factories import SchoolFactory
from tests.roadmaps.conftest import xlsx_bytes
from tests.support.factories import FactorAssessmentFactory, RiskProfileFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Логин ФИС ОКО",
    "Школа",
    "Дефицит педагогических кадров",
    "Низкая учебная мотивация обучающихся",
    "Высокая доля обучающихся с ОВЗ",
]


@pytest.fixture
def schools(db):
    return [
        SchoolFactory(short_name=name) for name in ("МОУ «Сосновская СОШ»", "МОУ «Лугская ООШ»")
    ]


def login(school):
    return school.codes.get().code


def run(tmp_path, rows, *options):
    path = tmp_path / "anketa.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    call_command("import_risk_survey", str(path), "--year", "2025", *options)


def levels():
    return sorted(
        (a.profile.school.short_name, a.factor.slug, a.get_level_display(), a.imported)
        for a in FactorAssessment.objects.select_related("profile__school", "factor")
    )


def test_a_survey_fills_in_the_years_profiles(tmp_path, schools, capsys):
    first, second = schools
    run(
        tmp_path,
        [
            HEADER,
            [login(first), "Сосновская", "Высокий", "средний", ""],
            [login(second).upper(), "Лугская", "не выявлен", "", "низкий"],
        ],
    )

    assert levels() == [
        ("МОУ «Лугская ООШ»", "defitsit-kadrov", "не выявлен", True),
        ("МОУ «Лугская ООШ»", "dolya-ovz", "низкий", True),
        ("МОУ «Сосновская СОШ»", "defitsit-kadrov", "высокий", True),
        ("МОУ «Сосновская СОШ»", "uchebnaya-motivatsiya", "средний", True),
    ]
    assert set(RiskProfile.objects.values_list("school_year", "state")) == {(2025, "draft")}
    # The import is in each profile's history.
    assert all(p.revisions.count() == 1 for p in RiskProfile.objects.all())
    assert "сохранено оценок: 4, новых профилей: 2" in capsys.readouterr().out


def test_a_bad_file_is_refused_whole_with_row_numbers(tmp_path, schools):
    first, second = schools
    rows = [
        [*HEADER, "Плохая погода"],
        [login(first), "", "высокий", "", "", ""],
        ["sch999999", "", "высокий", "", "", ""],
        [login(second), "", "очень высокий", "", "", ""],
        [login(first), "", "низкий", "", "", ""],
        [login(second).replace("sch", "edu"), "", "", "", "", ""],
        ["", "Школа без логина", "высокий", "", "", ""],
    ]
    with pytest.raises(CommandError) as refused:
        run(tmp_path, rows)

    assert str(refused.value).splitlines() == [
        "Файл не загружен, ничего не сохранено:",
        "Строка 1: столбец «Плохая погода» — такого фактора риска нет в банке.",
        "Строка 3: школа с логином «sch999999» не найдена в реестре.",
        "Строка 4: «Дефицит педагогических кадров» — уровень «очень высокий» неизвестен, "
        "возможны «высокий», «средний», «низкий», «не выявлен».",
        "Строка 5: школа «МОУ «Сосновская СОШ»» уже есть в строке 2.",
        "Строка 6: школа «МОУ «Лугская ООШ»» уже есть в строке 4.",
        "Строка 7: не указан логин ФИС ОКО.",
    ]
    assert not RiskProfile.objects.exists()


def test_a_file_without_the_login_column_is_refused(tmp_path, schools):
    with pytest.raises(CommandError, match="Строка 1: нет столбца «Логин ФИС ОКО»."):
        run(tmp_path, [HEADER[1:], ["Сосновская", "высокий", "", ""]])


def test_a_re_import_replaces_the_survey_and_keeps_hand_assessments(tmp_path, schools, factors):
    first, second = schools
    run(
        tmp_path,
        [
            HEADER,
            [login(first), "", "высокий", "высокий", ""],
            [login(second), "", "низкий", "", ""],
        ],
    )
    profile = RiskProfile.objects.get(school=first)
    # The coordinator assessed the pupils' motivation by hand, and planned a measure.
    FactorAssessmentFactory(
        profile=profile, factor=factors["dolya-ovz"], level="medium", source="coordinator"
    )

    run(tmp_path, [HEADER, [login(first), "", "средний", "", "высокий"]])

    assert levels() == [
        ("МОУ «Сосновская СОШ»", "defitsit-kadrov", "средний", True),
        ("МОУ «Сосновская СОШ»", "dolya-ovz", "средний", False),
    ]
    # The second school's survey row of 2025 is gone with the re-import; its profile stays.
    assert RiskProfile.objects.filter(school=second).exists()


def test_another_years_survey_is_left_alone(tmp_path, schools, factors):
    first, _ = schools
    earlier = RiskProfileFactory(school=first, school_year=2024)
    FactorAssessmentFactory(profile=earlier, factor=factors["defitsit-kadrov"], imported=True)

    run(tmp_path, [HEADER, [login(first), "", "низкий", "", ""]])

    assert earlier.assessments.get().level == "high"


def test_a_dry_run_saves_nothing(tmp_path, schools, capsys):
    run(tmp_path, [HEADER, [login(schools[0]), "", "высокий", "", ""]], "--dry-run")

    assert (
        "Проверка пройдена, школ: 1, факторов: 3. Ничего не сохранено." in capsys.readouterr().out
    )
    assert not RiskProfile.objects.exists()
