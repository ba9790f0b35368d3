# The Celery app is made when Django starts, so every @shared_task binds to it.
from config.celery import app as celery_app

__all__ = ("celery_app",)
