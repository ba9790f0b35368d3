"""The Celery app, the only module that knows it: apps declare @shared_task in their tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("peerfolio")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
