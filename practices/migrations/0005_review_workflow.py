"""The workflow «Экспертиза практики»: its experts' task, the bank pages it moderates, the right
to write conclusions, and the schools' editors' right to submit practices to the bank."""

from django.db import migrations

WORKFLOW = "Экспертиза практики"
TASK = "Экспертиза практики"
EXPERTS = "Эксперты"
REVIEWERS = ["Эксперты", "Редакторы института", "Координаторы"]
REVIEW_PERMISSION = ("review_practice", "Может давать экспертное заключение о практике")


def _content_type(apps, app_label, model):
    # On a fresh database Django creates content types and permissions only after all
    # migrations, so make the ones needed here.
    ContentType = apps.get_model("contenttypes.ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _permission(apps, app_label, model, codename, name):
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.get_or_create(
        content_type=_content_type(apps, app_label, model),
        codename=codename,
        defaults={"name": name},
    )[0]


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    ExpertReviewTask = apps.get_model("practices.ExpertReviewTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    PracticeIndexPage = apps.get_model("practices.PracticeIndexPage")

    task = ExpertReviewTask.objects.filter(name=TASK).first()
    if task is None:
        task = ExpertReviewTask.objects.create(
            name=TASK,
            active=True,
            content_type=_content_type(apps, "practices", "expertreviewtask"),
        )
    task.groups.add(*Group.objects.filter(name=EXPERTS))
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    review = _permission(apps, "practices", "practicepage", *REVIEW_PERMISSION)
    for group in Group.objects.filter(name__in=REVIEWERS):
        group.permissions.add(review)

    add_page = _permission(apps, "wagtailcore", "page", "add_page", "Can add page")
    school_groups = list(Group.objects.filter(school__isnull=False))
    for bank in PracticeIndexPage.objects.all():
        WorkflowPage.objects.get_or_create(page_id=bank.pk, defaults={"workflow": workflow})
        for group in school_groups:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=bank.pk, permission=add_page
            )


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("practices.ExpertReviewTask").objects.filter(name=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_review_task"),
        ("site_cms", "0003_create_roles"),
        ("schools", "0005_municipality_other_names"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
