from django.contrib import admin

from graph.models import CoauthorEdge


@admin.register(CoauthorEdge)
class CoauthorEdgeAdmin(admin.ModelAdmin):
    list_display = ["author_a", "author_b", "weight", "paper_count", "first_year", "last_year"]
    raw_id_fields = ["author_a", "author_b"]
    list_select_related = ["author_a", "author_b"]
