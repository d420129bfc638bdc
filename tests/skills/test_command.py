"""``import_task_descriptions``: files or a folder in, a description saved whole or not at all."""

import pytest
from django.core.management import CommandError, call_command

from site_cms import page_cache
from skills.models import CodeText, DescribedTask, TaskDescription
from tests.factories import TaskDescriptionFactory
from tests.skills.fixtures import HEADER_GRADE_4, PROBLEMS, TASK_ROWS, write_description

pytestmark = pytest.mark.django_db

WORK = {"year": "2020-2022", "subject": "математика", "grade": 4}


def run(*paths, dry_run=False, **options):
    """The command as typed: call_command would skip the options' parsing of keyword values."""
    arguments = [f"--{name}={value}" for name, value in (WORK | options).items()]
    if dry_run:
        arguments.append("--dry-run")
    call_command("import_task_descriptions", *map(str, paths), *arguments)


def stored():
    return list(
        DescribedTask.objects.order_by("number").values_list(
            "label", "number", "level", "max_points", "content_codes", "requirement_codes"
        )
    )


def test_a_folder_of_all_ks_and_kt_is_imported(tmp_path, capsys):
    run(write_description(tmp_path / "4" / "Математика"))

    description = TaskDescription.objects.get()
    assert str(description) == "ВПР 2020–2022: Математика, 4 класс"
    assert stored() == [
        ("1", 1, "Б", 1, ["2"], ["2.1"]),
        ("2", 2, "Б", 2, ["1", "2"], ["1", "2.2"]),
        ("5.1", 3, "Б", 1, ["3"], ["3.1"]),
        ("5.2", 4, "Б", 1, ["3"], ["3.1"]),
        ("1К1", 5, "Б", 4, ["4"], ["4"]),
        ("12", 6, "П", 2, ["1", "4"], ["2.2", "6"]),
    ]
    assert description.code_texts()[("content", "3")] == "Геометрия"
    assert CodeText.objects.count() == 4 + 6
    assert "загружено: заданий 6." in capsys.readouterr().out


def test_files_may_be_named_one_by_one_and_the_dictionaries_are_optional(tmp_path):
    folder = write_description(tmp_path, contents=False)

    run(folder / "ALL.xlsx", year="2022")

    assert TaskDescription.objects.get().years == "2022"
    assert len(stored()) == 6
    assert not CodeText.objects.exists()


def test_a_dry_run_saves_nothing(tmp_path, capsys):
    run(write_description(tmp_path), dry_run=True)

    assert "Проверка без сохранения" in capsys.readouterr().out
    assert not TaskDescription.objects.exists()


def test_a_bad_file_is_refused_with_its_row_and_nothing_is_saved(tmp_path, capsys):
    rows = [*TASK_ROWS, ["13", "7", PROBLEMS, "", "Б", "1", "1", "много"]]

    with pytest.raises(CommandError, match="не загружено. Ничего не сохранено"):
        run(write_description(tmp_path, rows))

    assert "Строка 12: максимальный балл «много» — не целое число" in capsys.readouterr().err
    assert not TaskDescription.objects.exists()
    assert not DescribedTask.objects.exists()


def test_importing_the_same_years_again_replaces_the_description(tmp_path):
    run(write_description(tmp_path / "first"))
    rows = [["1", "1", "Новое умение", "", "П", "2", "2.1", "3"]]
    run(write_description(tmp_path / "second", rows))

    description = TaskDescription.objects.get()
    assert stored() == [("1", 1, "П", 3, ["2"], ["2.1"])]
    assert description.tasks.get().skill == "Новое умение"
    assert CodeText.objects.count() == 4 + 6


def test_a_description_whose_years_overlap_is_refused(tmp_path, capsys):
    existing = TaskDescriptionFactory(first_year=2022, last_year=2023)

    with pytest.raises(CommandError):
        run(write_description(tmp_path))

    assert "Уже загружено описание «ВПР 2022–2023: Математика, 4 класс»" in capsys.readouterr().err
    assert list(TaskDescription.objects.all()) == [existing]


def test_other_grades_and_years_are_left_alone(tmp_path):
    grade_5 = TaskDescriptionFactory(grade=5, first_year=2020, last_year=2022)
    earlier = TaskDescriptionFactory(first_year=2018, last_year=2019)

    run(write_description(tmp_path))

    assert TaskDescription.objects.count() == 3
    assert TaskDescription.objects.filter(pk__in=[grade_5.pk, earlier.pk]).count() == 2


@pytest.mark.parametrize(
    "options, message",
    [
        ({"subject": "Астрология"}, "Предмет «Астрология» не найден"),
        ({"year": "2022-2020"}, "первый не позже последнего"),
    ],
)
def test_bad_options_are_refused(tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        run(write_description(tmp_path), **options)
    assert not TaskDescription.objects.exists()


def test_a_missing_path_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Файл не найден"):
        run(tmp_path / "нет.xlsx")


def test_the_header_is_what_tells_the_tables_apart(tmp_path):
    """KS and KT under other names still find their places; the header decides."""
    folder = write_description(tmp_path)
    (folder / "KS.xlsx").rename(folder / "словарь 1.xlsx")
    (folder / "KT.xlsx").rename(folder / "словарь 2.xlsx")
    (folder / "ALL.xlsx").rename(folder / f"{HEADER_GRADE_4[0]}.xlsx")

    run(folder)

    assert CodeText.objects.filter(kind="requirement").count() == 6


def test_a_saved_or_deleted_description_makes_the_page_cache_stale_once(tmp_path):
    # School pages show the described skills: a new description must reach them at once.
    folder = write_description(tmp_path)
    before = page_cache.current_generation()
    run(folder, dry_run=True)
    assert page_cache.current_generation() == before
    run(folder)
    assert page_cache.current_generation() == before + 1
    run(folder)  # the same years again: the old description is replaced
    assert page_cache.current_generation() == before + 2
    TaskDescription.objects.get().delete()
    assert page_cache.current_generation() == before + 3
