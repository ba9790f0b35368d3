"""Digest fixtures: papers announced on given days (through the real RSS ingest path),
subscribers in each state, and Celery running tasks in-process."""

from __future__ import annotations

import itertools
import re
import socket
from datetime import date

import pytest
from django.utils import timezone

from config.celery import app
from digests.models import Subscription
from ingest.records import AuthorRecord
from papers.models import Paper
from tests.feedgen import make_record, rss_feed

# Thursday of ISO week 48: its daily digest carries Wednesday's announcements.
SEND_DAY = date(2026, 11, 26)
ANNOUNCED = date(2026, 11, 25)
LINK = re.compile(r"https?://[^\s\"<>]+")


@pytest.fixture
def announce(ingest):
    """announce(day, votes=…, **record fields) -> Paper: one paper listed on ``day``."""
    numbers = itertools.count(1)

    def add(day: date, *, votes=0, **fields) -> Paper:
        fields.setdefault("announce_type", "new")
        record = make_record(next(numbers), announced_on=day, **fields)
        run = ingest(rss_feed([record], categories=(record.primary_category,)))
        assert run.status == "succeeded", run.error
        Paper.objects.filter(arxiv_id=record.arxiv_id).update(upvotes_count=votes)
        return Paper.objects.get(arxiv_id=record.arxiv_id)

    return add


@pytest.fixture
def subscriber(db):
    """subscriber(email, **fields) -> a confirmed, active Subscription."""

    def make(email="reader@example.org", **fields) -> Subscription:
        fields.setdefault("confirmed_at", timezone.now())
        return Subscription.objects.create(email=email, **fields)

    return make


@pytest.fixture
def eager(monkeypatch):
    """Tasks queued with .delay() run at once, in this process (no worker, no broker)."""
    monkeypatch.setattr(app.conf, "task_always_eager", True)


def links_in(text: str) -> list[str]:
    return LINK.findall(text)


def path_of(url: str) -> str:
    """The path of an absolute link in an email, for the test client."""
    return re.sub(r"^https?://[^/]+", "", url)


def html_part(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def grace(**fields) -> dict:
    """Record fields for a paper by someone nobody follows."""
    return {"authors": [AuthorRecord("Grace Hopper", "Hopper", "Grace")], **fields}


def free_port() -> int:
    """A loopback port nothing listens on (until someone binds it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
