# The Celery app is made when Django starts, so every @shared_task binds to it.
try:
    from config.celery import app as celery_app
except ModuleNotFoundError:  # `python -m config.services` checks services before any install
    celery_app = None

__all__ = ("celery_app",)
