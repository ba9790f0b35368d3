from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    """Authors, their aliases and institutions, follows, claims and collaboration requests."""

    name = "profiles"

    def ready(self):
        # Registers how dispute decisions are undone, and the signal receivers.
        from profiles import claims, receivers  # noqa: F401
