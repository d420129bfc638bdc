"""Practices of the bank for a skill: the site search's best for its words, recommended first,
of the skill's subject and level only."""

import datetime

import pytest

from skills.matching import MAX_PRACTICES, SkillQuery, level_slug, matching_practices
from tests.factories import PracticePageFactory

SKILL = "Умение решать текстовые задачи на движение"
FRACTIONS = "Сравнение обыкновенных дробей на уроках математики."
MOTION = "Текстовые задачи на движение: решаем с помощью схем и таблиц."


@pytest.fixture
def practice(bank, terms):
    def make(title, annotation, subject="matematika", level="ooo", recommended=False, **fields):
        return PracticePageFactory(
            parent=bank,
            title=title,
            annotation=annotation,
            subjects=[terms["subjects"][subject]],
            levels=[terms["levels"][level]],
            expert_conclusion_date=datetime.date(2026, 3, 1) if recommended else None,
            **fields,
        )

    return make


def practices_for(skill, subject="matematika", level="ooo"):
    return matching_practices([(skill, subject, level)])[SkillQuery(skill, subject, level)]


def titles(found):
    return [practice.title for practice in found]


def test_the_practice_matching_the_skill_comes_first(practice):
    practice("Дроби без страха", FRACTIONS)
    motion = practice("Задачи на движение", MOTION)

    found = practices_for(SKILL)

    assert titles(found)[0] == "Задачи на движение"
    assert found[0].url == motion.url


def test_recommended_practices_come_before_the_others(practice):
    practice("Задачи на движение по схеме", MOTION)
    practice("Рекомендованные задачи на движение", MOTION, recommended=True)

    found = practices_for(SKILL)

    assert titles(found) == ["Рекомендованные задачи на движение", "Задачи на движение по схеме"]
    assert [item.recommended for item in found] == [True, False]


def test_other_subjects_and_levels_are_left_out(practice):
    practice("Движение в физике", MOTION, subject="fizika")
    practice("Движение в начальной школе", MOTION, level="noo")
    practice("Задачи на движение", MOTION)

    found = practices_for(SKILL)

    assert titles(found) == ["Задачи на движение"]


def test_at_most_the_limit_and_drafts_never(practice):
    for number in range(MAX_PRACTICES + 2):
        practice(f"Задачи на движение {number}", MOTION)
    draft = practice("Черновик о задачах на движение", MOTION)
    draft.unpublish()

    found = practices_for(SKILL)

    assert len(found) == MAX_PRACTICES
    assert "Черновик о задачах на движение" not in titles(found)


def test_several_skills_in_bounded_queries_and_kept(practice, django_assert_max_num_queries):
    practice("Задачи на движение", MOTION)
    practice("Дроби без страха", FRACTIONS)
    skills = [
        (SKILL, "matematika", "ooo"),
        ("Сравнение обыкновенных дробей", "matematika", "ooo"),
        ("Умение читать карту", "geografiya", "ooo"),
    ]

    with django_assert_max_num_queries(3 * 10 + 3):
        first = matching_practices(skills)
    # Kept until the next publication: the search is not asked again; what is left is the
    # cache's generation per skill (a visitor's request reads it once) and the recommendations.
    with django_assert_max_num_queries(3 + 2):
        again = matching_practices(skills)

    assert again == first
    assert titles(first[SkillQuery(*skills[1])]) == ["Дроби без страха"]
    assert first[SkillQuery(*skills[2])] == []


def test_a_skill_without_words_or_level_finds_nothing(practice):
    practice("Задачи на движение", MOTION)

    found = matching_practices([("и, на", "matematika", "ooo"), (SKILL, "matematika", "")])

    assert all(value == [] for value in found.values())


def test_the_level_of_a_grade(terms):
    levels = terms["levels"].values()
    assert [level_slug(grade, levels) for grade in (4, 5, 9, 11, 12)] == [
        "noo",
        "ooo",
        "ooo",
        "soo",
        "",
    ]
