"""Practices of the bank for a described skill: the site search's best for its words,
recommended first, of the skill's subject and level only; searched by the task worker when the
descriptions or the practices change, read by the pages in one query."""

import datetime

import pytest
from django.db import transaction

from search.backends.base import SearchUnavailable
from site_cms.tasks import ATTEMPTS
from skills.matching import MAX_PRACTICES, SkillQuery, level_slug, matching_practices
from skills.models import DescribedTask, SkillPractice
from skills.tasks import match_skills
from tests.factories import (
    DescribedTaskFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
    TaskDescriptionFactory,
)

SKILL = "Умение решать текстовые задачи на движение"
FRACTIONS_SKILL = "Сравнение обыкновенных дробей"
MAP_SKILL = "Умение читать карту"
FRACTIONS = "Сравнение обыкновенных дробей на уроках математики."
MOTION = "Текстовые задачи на движение: решаем с помощью схем и таблиц."


@pytest.fixture
def describe(db):
    """Describe ``skills`` as tasks of a grade 5 work (level «ooo») of ``subject``."""

    def make(*skills, subject=None, grade=5):
        fields = {"subject": subject} if subject else {}
        description = TaskDescriptionFactory(grade=grade, **fields)
        for skill in skills:
            DescribedTaskFactory(description=description, skill=skill)
        return description

    return make


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


@pytest.fixture
def commit():
    """Commit the test's changes as far as ``transaction.on_commit`` sees: its callbacks run,
    and are forgotten, as after a commit (the test's transaction itself is rolled back)."""

    def run():
        connection = transaction.get_connection()
        pending, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in pending:
            callback()

    return run


@pytest.fixture
def matched(describe, commit):
    """Describe the skills and commit: the task worker (at once in tests) searches for their
    practices, as after an import."""

    def run(*skills):
        describe(*(skills or [SKILL]))
        commit()

    return run


def practices_for(skill, subject="matematika", level="ooo"):
    return matching_practices([(skill, subject, level)])[SkillQuery(skill, subject, level)]


def titles(found):
    return [practice.title for practice in found]


def test_the_practice_matching_the_skill_comes_first(practice, matched):
    practice("Дроби без страха", FRACTIONS)
    motion = practice("Задачи на движение", MOTION)
    matched()

    found = practices_for(SKILL)

    assert titles(found)[0] == "Задачи на движение"
    assert found[0].url == motion.url


def test_recommended_practices_come_before_the_others(practice, matched):
    practice("Задачи на движение по схеме", MOTION)
    practice("Рекомендованные задачи на движение", MOTION, recommended=True)
    matched()

    found = practices_for(SKILL)

    assert titles(found) == ["Рекомендованные задачи на движение", "Задачи на движение по схеме"]
    assert [item.recommended for item in found] == [True, False]


def test_other_subjects_and_levels_are_left_out(practice, matched):
    practice("Движение в физике", MOTION, subject="fizika")
    practice("Движение в начальной школе", MOTION, level="noo")
    practice("Задачи на движение", MOTION)
    matched()

    assert titles(practices_for(SKILL)) == ["Задачи на движение"]
    # Grade 5 is «ooo»: the primary school's practice is not the skill's.
    assert practices_for(SKILL, level="noo") == []


def test_at_most_the_limit_and_only_live_public_practices(practice, matched, bank):
    for number in range(MAX_PRACTICES + 2):
        practice(f"Задачи на движение {number}", MOTION)
    practice("Черновик о задачах на движение", MOTION).unpublish()
    restricted = practice("Задачи на движение для своих", MOTION)
    restricted.view_restrictions.create(restriction_type="login")
    matched()

    found = titles(practices_for(SKILL))

    assert len(found) == MAX_PRACTICES
    assert not {"Черновик о задачах на движение", "Задачи на движение для своих"} & set(found)
    assert SkillPractice.objects.count() == MAX_PRACTICES


def test_skills_with_the_same_words_share_their_practices(practice, matched):
    practice("Задачи на движение", MOTION)
    matched()

    assert titles(practices_for("умение решать  ТЕКСТОВЫЕ задачи на движение.")) == [
        "Задачи на движение"
    ]


def test_a_skill_nobody_described_or_without_words_finds_nothing(practice, matched):
    practice("Задачи на движение", MOTION)
    matched()

    found = matching_practices(
        [("и, на", "matematika", "ooo"), ("Умение читать карту", "matematika", "ooo")]
    )

    assert all(value == [] for value in found.values())


def test_every_skill_is_read_in_one_query(practice, matched, django_assert_num_queries):
    practice("Задачи на движение", MOTION)
    practice("Дроби без страха", FRACTIONS)
    matched(SKILL, FRACTIONS_SKILL, MAP_SKILL)
    skills = [(skill, "matematika", "ooo") for skill in (SKILL, FRACTIONS_SKILL, MAP_SKILL)]
    practices_for(SKILL)  # the site's root paths, which a page's URL needs, are kept

    with django_assert_num_queries(1):
        found = matching_practices(skills)

    assert titles(found[SkillQuery(*skills[1])]) == ["Дроби без страха"]
    assert found[SkillQuery(*skills[2])] == []


def restricted_bank(home):
    bank = PracticeIndexPageFactory(parent=home, title="Банк для своих", slug="dlya-svoih")
    bank.view_restrictions.create(restriction_type="login")
    return bank


LEAVING = {
    "unpublished": lambda page, home: page.unpublish(),
    "deleted": lambda page, home: page.delete(),
    "restricted": lambda page, home: page.view_restrictions.create(restriction_type="login"),
    "moved under a restriction": lambda page, home: page.move(
        restricted_bank(home), pos="last-child"
    ),
}


@pytest.mark.parametrize("leaves", LEAVING.values(), ids=LEAVING.keys())
def test_a_practice_leaving_the_public_bank_makes_room(practice, matched, commit, home, leaves):
    recommended = practice("Рекомендованные задачи на движение", MOTION, recommended=True)
    others = [practice(f"Задачи на движение {number}", MOTION) for number in range(MAX_PRACTICES)]
    matched()
    assert titles(practices_for(SKILL))[0] == recommended.title

    leaves(recommended, home)
    commit()

    # Searched again through the signal: the last of the others takes the freed place.
    assert sorted(titles(practices_for(SKILL))) == sorted(page.title for page in others)


def test_publishing_a_practice_adds_it_once_the_transaction_commits(practice, matched, commit):
    matched()
    assert practices_for(SKILL) == []

    practice("Задачи на движение", MOTION)
    assert practices_for(SKILL) == []
    commit()

    assert titles(practices_for(SKILL)) == ["Задачи на движение"]


def test_a_skill_changed_by_hand_is_matched_anew(practice, matched, commit):
    practice("Дроби без страха", FRACTIONS)
    matched()
    assert practices_for(FRACTIONS_SKILL) == []

    DescribedTask.objects.update(skill=FRACTIONS_SKILL)  # no signal: nothing happens
    commit()
    assert practices_for(FRACTIONS_SKILL) == []
    task = DescribedTask.objects.get()
    task.save()
    commit()

    assert titles(practices_for(FRACTIONS_SKILL)) == ["Дроби без страха"]


def test_one_task_per_transaction_however_many_changes(practice, describe, task_queue, commit):
    describe(SKILL, FRACTIONS_SKILL)
    describe(MAP_SKILL, grade=6)
    practice("Задачи на движение", MOTION)
    practice("Дроби без страха", FRACTIONS).unpublish()
    assert match_skills.name not in task_queue.names()
    commit()

    assert task_queue.names().count(match_skills.name) == 1
    task_queue.run()
    assert titles(practices_for(SKILL)) == ["Задачи на движение"]


def test_a_search_that_is_down_keeps_what_was_found(practice, matched, monkeypatch):
    practice("Задачи на движение", MOTION)
    matched()
    searches = []

    def down(self, request):
        searches.append(request)
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr("search.backends.database.DatabaseBackend.search", down)
    # The immediate backend of tests runs the retries at once, up to the last.
    match_skills.enqueue()

    assert len(searches) == ATTEMPTS
    assert titles(practices_for(SKILL)) == ["Задачи на движение"]


def test_the_level_of_a_grade(terms):
    levels = terms["levels"].values()
    assert [level_slug(grade, levels) for grade in (4, 5, 9, 11, 12)] == [
        "noo",
        "ooo",
        "ooo",
        "soo",
        "",
    ]
