"""The context of an entry (whose or where it is), shown under its title.

Added by ``ALTER TABLE … ADD COLUMN``: on SQLite Django would rebuild the table for a column with
a default, which drops the FTS5 triggers of migration 0002.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="context",
                    field=models.CharField(blank=True, max_length=300),
                )
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE search_searchentry "
                    "ADD COLUMN context varchar(300) NOT NULL DEFAULT ''",
                    "ALTER TABLE search_searchentry DROP COLUMN context",
                )
            ],
        )
    ]
