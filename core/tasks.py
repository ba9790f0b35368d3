"""Tasks sent after the commit that asks for them, and never lost to a broker outage.

A write that needs follow-up work (a trust refresh, a claim's re-check, a curator's
"run again") commits first and sends the task after. With Redis down the send
fails at once (no publish retries: the visitor is waiting); the call is then kept
in PostgreSQL as a ``HeldTask`` (its own transaction; the write it follows stands)
and beat's "Send tasks held while the broker was down" sends it every minute once
Redis is back. The request that asked never fails for it.
"""

from __future__ import annotations

import logging

import kombu.exceptions
import redis.exceptions
from celery import current_app, shared_task
from django.db import transaction

from core.models import HeldTask

log = logging.getLogger("peerfolio.tasks")

BROKER_DOWN = (kombu.exceptions.OperationalError, redis.exceptions.ConnectionError, OSError)


def send_on_commit(task, *args, countdown: int = 0) -> None:
    """``task(*args)`` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send(task, list(args), countdown))


def send(task, args: list, countdown: int = 0) -> bool:
    """Send one task call now; held in the database when the broker cannot be reached."""
    try:
        task.apply_async(args, countdown=countdown or None, retry=False)
        return True
    except BROKER_DOWN as exc:
        log.warning(
            "Broker unreachable (%s): %s%s held to send later.", exc, task.name, tuple(args)
        )
        HeldTask.objects.create(
            name=task.name, args=args, countdown=countdown, error=str(exc)[:300]
        )
        return False


@shared_task(soft_time_limit=50, time_limit=55)
def send_held_tasks(limit: int = 1000) -> int:
    """Beat, every minute: send the task calls held while the broker was down, oldest first.

    A call is deleted once sent: a worker lost between the two sends it again, which the
    tasks held here (refreshes, re-checks, resumable runs) take without harm.
    """
    sent = 0
    for held in HeldTask.objects.all()[:limit]:
        task = current_app.tasks.get(held.name)
        if task is None:  # renamed or removed since: it would block every later call
            log.error("Held task %s%s names no task; dropped.", held.name, tuple(held.args))
            held.delete()
            continue
        try:
            task.apply_async(held.args, countdown=held.countdown or None, retry=False)
        except BROKER_DOWN:
            break  # down again: the rest wait for the next minute
        held.delete()
        sent += 1
    return sent
