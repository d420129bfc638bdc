"""The admin's task descriptions over HTTP: upload → preview → confirm, the list (years edited,
deletion) and who may do what."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curriculum.models import Subject
from skills.models import DescribedTask, TaskDescription
from skills.views import SESSION_KEY
from tests.factories import DescribedTaskFactory, TaskDescriptionFactory
from tests.skills.fixtures import PROBLEMS, TASK_ROWS, write_description

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("skills_import")
CONFIRM_URL = reverse("skills_import_confirm")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def member(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator(client, django_user_model):
    client.force_login(
        member(django_user_model, "coordinator", Group.objects.get(name="Координаторы"))
    )
    return client


@pytest.fixture
def teacher(client, django_user_model):
    """A school's editor: in the admin, but not a coordinator."""
    school_editors = Group.objects.create(name="Редакторы школы")
    school_editors.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(member(django_user_model, "teacher", school_editors))
    return client


def upload_form(folder, **fields):
    files = {
        name: SimpleUploadedFile(f"{stem}.xlsx", (folder / f"{stem}.xlsx").read_bytes())
        for name, stem in (("file", "ALL"), ("contents", "KS"), ("requirements", "KT"))
        if (folder / f"{stem}.xlsx").exists()
    }
    mathematics = Subject.objects.get(name="Математика")
    return {
        "procedure": "VPR",
        "subject": mathematics.pk,
        "grade": 4,
        "first_year": 2020,
        "last_year": 2022,
        **files,
        **fields,
    }


def test_a_coordinator_uploads_previews_and_confirms(coordinator, tmp_path):
    preview = coordinator.post(IMPORT_URL, upload_form(write_description(tmp_path)))

    html = preview.content.decode()
    assert "Будет загружено заданий: <b>6</b>" in html
    assert "2 — Арифметика" in html  # a task's КЭС with its text
    assert "Умение писать текст под диктовку, соблюдая в практике письма нормы" in html
    assert not TaskDescription.objects.exists()

    token = coordinator.session[SESSION_KEY]["token"]
    done = coordinator.post(CONFIRM_URL, {"token": token}, follow=True)

    description = TaskDescription.objects.get()
    assert (description.years, description.tasks.count()) == ("2020–2022", 6)
    assert "Описание «ВПР 2020–2022: Математика, 4 класс» загружено: заданий — 6." in (
        done.content.decode()
    )
    # The upload was used once: a second confirmation finds nothing.
    again = coordinator.post(CONFIRM_URL, {"token": token}, follow=True)
    assert "Файл для импорта не найден" in again.content.decode()
    assert TaskDescription.objects.count() == 1


def test_a_bad_table_shows_its_rows_and_saves_nothing(coordinator, tmp_path):
    rows = [*TASK_ROWS, ["13", "7", PROBLEMS, "", "Б", "9", "1", "2"]]

    preview = coordinator.post(IMPORT_URL, upload_form(write_description(tmp_path, rows)))

    html = preview.content.decode()
    assert "Описание не загружено, ничего не сохранено" in html
    assert "Строка 12: кода 9 из столбца «Код КЭС» нет в файле «KS.xlsx»." in html
    assert SESSION_KEY not in coordinator.session
    assert 'name="token"' not in html
    assert not TaskDescription.objects.exists()


def test_a_dictionary_in_the_wrong_field_is_refused(coordinator, tmp_path):
    folder = write_description(tmp_path)
    form = upload_form(folder)
    form["contents"] = SimpleUploadedFile("KT.xlsx", (folder / "KT.xlsx").read_bytes())

    response = coordinator.post(IMPORT_URL, form)

    assert "Это не словарь КЭС (KS), а словарь КТ (KT)." in response.content.decode()
    assert SESSION_KEY not in coordinator.session


def test_years_that_overlap_another_description_are_refused_in_the_preview(coordinator, tmp_path):
    TaskDescriptionFactory(first_year=2022, last_year=2024)

    preview = coordinator.post(IMPORT_URL, upload_form(write_description(tmp_path)))

    assert "Уже загружено описание «ВПР 2022–2024: Математика, 4 класс»" in preview.content.decode()
    assert TaskDescription.objects.count() == 1


def test_the_list_is_in_the_indicators_menu_and_shows_the_tasks(coordinator):
    description = TaskDescriptionFactory()
    DescribedTaskFactory(description=description, label="1К1", skill="Умение писать под диктовку")

    home = coordinator.get(reverse("wagtailadmin_home")).content.decode("unicode_escape")
    assert "Описания проверочных работ" in home
    listing = coordinator.get(reverse("taskdescription:index")).content.decode()
    assert "Загрузить описание" in listing
    assert "Математика" in listing
    inspect = coordinator.get(reverse("taskdescription:inspect", args=[description.pk]))
    assert "Умение писать под диктовку" in inspect.content.decode()


def test_a_coordinator_corrects_the_years_but_not_into_another_descriptions(coordinator):
    earlier = TaskDescriptionFactory(first_year=2019, last_year=2020)
    later = TaskDescriptionFactory(first_year=2021, last_year=2022)
    edit = reverse("taskdescription:edit", args=[later.pk])

    refused = coordinator.post(edit, {"first_year": 2020, "last_year": 2023})
    assert "Для этих лет уже есть описание: ВПР 2019–2020" in refused.content.decode()

    assert coordinator.post(edit, {"first_year": 2021, "last_year": 2023}).status_code == 302
    later.refresh_from_db()
    assert later.years == "2021–2023"
    earlier.refresh_from_db()
    assert earlier.years == "2019–2020"


def test_a_coordinator_deletes_a_description_with_its_tasks(coordinator):
    task = DescribedTaskFactory()

    response = coordinator.post(reverse("taskdescription:delete", args=[task.description.pk]))

    assert response.status_code == 302
    assert not TaskDescription.objects.exists()
    assert not DescribedTask.objects.exists()


def test_nobody_adds_a_description_by_hand(coordinator):
    assert coordinator.get(reverse("taskdescription:add")).status_code in (302, 403)


def test_a_teacher_may_not_upload_confirm_or_change_descriptions(teacher, tmp_path):
    description = TaskDescriptionFactory()

    assert teacher.get(IMPORT_URL).status_code == 403
    assert teacher.post(IMPORT_URL, upload_form(write_description(tmp_path))).status_code == 403
    assert teacher.post(CONFIRM_URL, {"token": "x" * 22}).status_code == 403
    assert teacher.get(reverse("taskdescription:index")).status_code in (302, 403)
    delete = reverse("taskdescription:delete", args=[description.pk])
    assert teacher.post(delete).status_code in (302, 403)
    assert TaskDescription.objects.filter(pk=description.pk).exists()
    home = teacher.get(reverse("wagtailadmin_home")).content.decode("unicode_escape")
    assert "Описания проверочных работ" not in home
