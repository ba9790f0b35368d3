from django.apps import AppConfig


class GraphConfig(AppConfig):
    """Co-author edges, the research-graph slice on profiles, the explorer and paths."""

    name = "graph"

    def ready(self):
        from graph import receivers  # noqa: F401
