"""What a school page's result charts and verdicts show, prepared from the school's stored
results (``indicators.charts.prepared``), so that the page only draws it."""

from django.db import models


class PreparedSchoolResults(models.Model):
    """The school's charts' data and verdicts as JSON. ``source`` is a digest of the results
    and the settings they were computed from: other data or settings make them stale, whatever
    was published meanwhile (publications do not)."""

    school = models.OneToOneField(
        "schools.School",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="prepared_results",
    )
    source = models.CharField(max_length=64)
    data = models.JSONField()

    def __str__(self):
        return f"prepared results of school {self.school_id}"
