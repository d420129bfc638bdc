"""School provisioning in bulk runs in the task worker: a registry import with «создать
страницы» gives hundreds of schools their pages, more than a request should wait for."""

from django_tasks import task

from site_cms import page_cache

from .models import School
from .provisioning import provision_school


@task()
def provision_schools(school_ids):
    """Give each school its page, section, editors' group and collection; a school provisioned
    meanwhile (or twice) is left as it is. Public pages are made stale once for them all."""
    schools = School.objects.filter(pk__in=school_ids).select_related("municipality")
    with page_cache.invalidated_once():
        for school in schools.order_by("pk"):
            provision_school(school)
