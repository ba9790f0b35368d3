"""Follow-up tasks asked for while Redis is down are kept in PostgreSQL and sent when it is back."""

import pytest
from django.conf import settings

from config.celery import app
from core.models import HeldTask
from core.tasks import send_held_tasks, send_on_commit
from profiles.tasks import refresh_trust_of

pytestmark = pytest.mark.django_db

NOBODY_LISTENING = "redis://127.0.0.1:1/0"  # a port no broker answers on


@pytest.fixture
def broker(redis_client):
    """The real broker, and a way to take it away and give it back."""

    def point_at(url):
        app.conf.broker_url = url
        app._pool = None  # the next send opens a connection to ``url``
        app.amqp._producer_pool = None

    redis_client.delete("celery")
    yield point_at
    point_at(settings.REDIS_URL)
    redis_client.delete("celery")


def test_a_task_asked_for_while_the_broker_is_down_is_held_then_sent_when_it_is_back(
    broker, redis_client, django_capture_on_commit_callbacks
):
    broker(NOBODY_LISTENING)
    with django_capture_on_commit_callbacks(execute=True):
        send_on_commit(refresh_trust_of, [3, 5])  # no exception reaches the caller
    held = HeldTask.objects.get()
    assert (held.name, held.args) == ("profiles.tasks.refresh_trust_of", [[3, 5]])
    assert send_held_tasks() == 0 and HeldTask.objects.count() == 1  # still down: kept

    broker(settings.REDIS_URL)
    assert send_held_tasks() == 1
    assert not HeldTask.objects.exists()
    assert redis_client.llen("celery") == 1  # on the queue for a worker


def test_with_the_broker_up_nothing_is_held(
    broker, redis_client, django_capture_on_commit_callbacks
):
    broker(settings.REDIS_URL)
    with django_capture_on_commit_callbacks(execute=True):
        send_on_commit(refresh_trust_of, [7])
    assert not HeldTask.objects.exists() and redis_client.llen("celery") == 1


def test_a_held_call_to_a_task_that_no_longer_exists_does_not_block_the_others(
    broker, redis_client
):
    broker(settings.REDIS_URL)
    HeldTask.objects.create(name="profiles.tasks.renamed_since", args=[1])
    HeldTask.objects.create(name=refresh_trust_of.name, args=[[2]])
    assert send_held_tasks() == 1
    assert not HeldTask.objects.exists() and redis_client.llen("celery") == 1
