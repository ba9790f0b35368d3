from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who did what, before and after, and how each kind of action is undone."""

    name = "audit"
