"""Papers keep a date from the moment they are stored: the announcement until the v1 date."""

from django.db import migrations, models

# arXiv announces a listing at 20:00 US Eastern the evening before the listing's date.
FILL = """
UPDATE papers_paper
SET published = ((announced_on - 1)::timestamp + time '20:00') AT TIME ZONE 'America/New_York',
    dated_by_announcement = true
WHERE published IS NULL AND announced_on IS NOT NULL
"""
UNFILL = "UPDATE papers_paper SET published = NULL WHERE dated_by_announcement"


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0010_fill_paper_bibtex"),
    ]

    operations = [
        migrations.AddField(
            model_name="paper",
            name="dated_by_announcement",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.RunSQL(FILL, UNFILL),
    ]
