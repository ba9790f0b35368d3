from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"

    def ready(self):
        # Register how merges, moves and dispute decisions are undone (ingest.audit).
        from profiles import claims, identity  # noqa: F401
