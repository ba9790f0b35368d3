from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Curator work: the review queue, merge/split/move, disputes, import runs, undo."""

    name = "curation"

    def ready(self):
        # Registers how merges and moves are undone (audit.trail), and the sweep after runs.
        from curation import identity, receivers  # noqa: F401
