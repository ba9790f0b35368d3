from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"

    def ready(self):
        # Registers how dispute decisions are undone (ingest.audit's undo registry).
        from profiles import claims  # noqa: F401
