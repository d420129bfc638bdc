"""The ranking of recommendations against hand-ranked candidates."""

import datetime

from support.recommendations import (
    EventCandidate,
    Factor,
    LeaderCandidate,
    PracticeCandidate,
    fitting_factors,
    recommend,
)

STAFF = Factor(1, "Дефицит педагогических кадров", sort_order=20)
MOTIVATION = Factor(2, "Низкая учебная мотивация обучающихся", sort_order=70)
CLIMATE = Factor(3, "Неблагоприятный школьный климат", sort_order=90)


def titles(items):
    return [getattr(item, "title", getattr(item, "name", None)) for item in items]


def test_only_high_and_medium_factors_highest_first():
    result = recommend([(CLIMATE, "medium"), (MOTIVATION, "high"), (STAFF, "low"), (STAFF, "none")])

    assert [(r.factor.name, r.level) for r in result] == [
        ("Низкая учебная мотивация обучающихся", "high"),
        ("Неблагоприятный школьный климат", "medium"),
    ]


def test_practices_recommended_first_then_by_title():
    practices = [
        PracticeCandidate(1, "А: не про этот фактор", frozenset({2}), recommended=True),
        PracticeCandidate(2, "Б: общая", frozenset({1})),
        PracticeCandidate(3, "В: математика в начальной школе", frozenset({1})),
        PracticeCandidate(4, "Г: рекомендованная", frozenset({1}), recommended=True),
        PracticeCandidate(5, "Д: русский в основной школе", frozenset({1})),
    ]

    (result,) = recommend([(STAFF, "high")], practices, limit=3)

    assert titles(result.practices) == [
        "Г: рекомендованная",
        "Б: общая",
        "В: математика в начальной школе",
    ]


def test_events_for_the_school_first_then_soonest():
    day = datetime.date(2026, 1, 1)
    events = [
        EventCandidate(1, "Региональный семинар, март", day.replace(month=3), frozenset({1})),
        EventCandidate(2, "Региональный семинар, февраль", day.replace(month=2), frozenset({1})),
        EventCandidate(3, "Семинар района, апрель", day.replace(month=4), frozenset({1}), True),
        EventCandidate(4, "О другом", day, frozenset({2}), True),
    ]

    (result,) = recommend([(STAFF, "medium")], events=events)

    assert titles(result.events) == [
        "Семинар района, апрель",
        "Региональный семинар, февраль",
        "Региональный семинар, март",
    ]


def test_leaders_only_where_the_factor_is_not_found_pair_first():
    leaders = [
        LeaderCandidate(1, "Гимназия района", frozenset({1, 2})),
        LeaderCandidate(2, "Лицей-партнёр", frozenset({1}), paired=True),
        LeaderCandidate(3, "СОШ с тем же риском", frozenset({2})),
        LeaderCandidate(4, "Алексеевская СОШ", frozenset({1})),
    ]

    staff, motivation = recommend([(STAFF, "high"), (MOTIVATION, "high")], leaders=leaders)

    assert titles(staff.leaders) == ["Лицей-партнёр", "Алексеевская СОШ", "Гимназия района"]
    assert titles(motivation.leaders) == ["Гимназия района", "СОШ с тем же риском"]


def test_no_candidates_still_names_the_factor():
    (result,) = recommend([(STAFF, "high")])

    assert (result.practices, result.events, result.leaders) == ((), (), ())


TAXONOMY = [
    Factor(pk, name)
    for pk, name in enumerate(
        [
            "Низкая оснащённость школы",
            "Дефицит педагогических кадров",
            "Недостаточная предметная и методическая компетентность педагогов",
            "Высокая доля обучающихся с рисками учебной неуспешности",
            "Высокая доля обучающихся с ОВЗ",
            "Низкая вовлечённость родителей",
            "Низкая учебная мотивация обучающихся",
            "Языковой барьер: русский язык неродной",
            "Неблагоприятный школьный климат",
        ],
        start=1,
    )
]


def fitting(text):
    return {TAXONOMY[pk - 1].name for pk in fitting_factors(TAXONOMY, text)}


def test_a_seminar_fits_the_factors_its_words_name_whatever_the_endings():
    assert fitting("Учителям русского языка: ученики с рисками учебной неуспешности") == {
        "Высокая доля обучающихся с рисками учебной неуспешности"
    }
    assert fitting("Вовлечение родителей: что работает") == {"Низкая вовлечённость родителей"}
    assert fitting("Образование детей с ОВЗ; специалисты по работе с детьми с ОВЗ") == {
        "Высокая доля обучающихся с ОВЗ"
    }
    assert fitting("Кадры для сельской школы. Оснащение кабинетов") == {
        "Дефицит педагогических кадров",
        "Низкая оснащённость школы",
    }
    assert fitting("Мотивация к учёбе и школьный климат") == {
        "Низкая учебная мотивация обучающихся",
        "Неблагоприятный школьный климат",
    }


def test_words_every_factor_shares_do_not_make_a_seminar_fit():
    """«Русский язык», «доля обучающихся», «дефицит», «школа» name no factor's theme; a short
    stem matches only itself («кадр» is not «кадет»)."""
    assert fitting("Анализ результатов ВПР по русскому языку для учителей школы") == set()
    assert fitting("Высокая доля обучающихся: предметные и методические дефициты") == set()
    assert fitting("Кадетские классы") == set()


def test_a_fitting_seminar_joins_its_factor():
    day = datetime.date(2026, 3, 1)
    title = "Родительский университет"
    parents = Factor(6, "Низкая вовлечённость родителей")
    event = EventCandidate(1, title, day, fitting_factors([parents, STAFF], title))

    staff, parents_item = recommend([(STAFF, "high"), (parents, "medium")], events=[event])

    assert (titles(staff.events), titles(parents_item.events)) == ([], [title])
