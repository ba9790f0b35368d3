"""Fixtures for the metrics tests: papers through the real ingest path, and a client that never waits."""

from __future__ import annotations

import time

import pytest

from papers.citations import CitationClient
from papers.models import Paper
from tests.feedgen import api_feed


class FakeSleep(list):
    """Records the waits asked for and moves its clock on instead of sleeping."""

    def __init__(self):
        super().__init__()
        self.now = time.monotonic()

    def __call__(self, seconds):
        self.append(round(seconds, 3))
        self.now += seconds

    def clock(self):
        return self.now


@pytest.fixture
def sleep():
    return FakeSleep()


@pytest.fixture
def client(sleep, settings):
    """A citation client with two retries whose waits are recorded, not slept."""
    settings.CITATIONS_MAX_RETRIES = 2
    return CitationClient(sleep=sleep, clock=sleep.clock, pauses={})


@pytest.fixture(autouse=True)
def no_pauses(monkeypatch):
    """Clients the tasks build themselves do not pause between requests either."""
    monkeypatch.setattr("papers.citations.PAUSES", {})


@pytest.fixture
def add_papers(ingest):
    """Store records through the real ingest path; returns their Paper rows by arXiv id."""

    def add(*records):
        run = ingest(api_feed(list(records)))
        assert run.status == "succeeded", run.error
        return {
            p.arxiv_id: p for p in Paper.objects.filter(arxiv_id__in=[r.arxiv_id for r in records])
        }

    return add
