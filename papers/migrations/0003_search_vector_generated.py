import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models


class Migration(migrations.Migration):
    """The search vector becomes a stored generated column: written with the row, never updated."""

    dependencies = [("papers", "0002_load_categories")]

    operations = [
        migrations.RemoveIndex(model_name="paper", name="paper_search_gin"),
        migrations.RemoveField(model_name="paper", name="search_vector"),
        migrations.AddField(
            model_name="paper",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=(
                    SearchVector("title", weight="A", config="english")
                    + SearchVector("authors_text", weight="B", config="simple")
                    + SearchVector("abstract", weight="C", config="english")
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="paper",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="paper_search_gin"
            ),
        ),
    ]
