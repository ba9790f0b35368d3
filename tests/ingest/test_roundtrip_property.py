"""Whatever arXiv sends in any format, what is stored is what was sent (hypothesis-driven)."""

import json
from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings

from core.names import normalize_name
from ingest.records import AuthorRecord, PaperRecord, VersionRecord, digest, encoded
from papers.models import Paper
from tests.feedgen import api_feed, oai_list_records, records_strategy, rss_feed

FORMATS = {
    "api": lambda rs: api_feed(rs),
    "rss": lambda rs: rss_feed(rs),
    "oai": lambda rs: oai_list_records(rs, prefix="arXivRaw"),
}


def _clean(text):
    return " ".join(text.split())


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=records_strategy(min_size=1, max_size=4))
def test_titles_abstracts_and_bylines_survive_any_format(ingest, fmt, records):
    live = [r for r in records if not r.deleted]
    Paper.objects.filter(arxiv_id__in=[r.arxiv_id for r in records]).delete()

    run = ingest(FORMATS[fmt](records))

    assert run.status == "succeeded", run.error
    for record in live:
        paper = Paper.objects.get(arxiv_id=record.arxiv_id)
        assert paper.title == _clean(record.title)
        assert paper.abstract == _clean(record.abstract)
        printed = list(
            paper.authorships.order_by("position").values_list("name_as_printed", flat=True)
        )
        assert [normalize_name(n) for n in printed] == [
            normalize_name(a.name) for a in record.authors
        ]


@settings(max_examples=60, deadline=None)
@given(records=records_strategy(min_size=1, max_size=3))
def test_a_payload_holds_every_field_and_gives_the_record_back(records):
    for record in records:
        payload = record.to_payload()
        assert set(payload) == {f.name for f in fields(PaperRecord)}
        for author in payload["authors"]:
            assert set(author) == {f.name for f in fields(AuthorRecord)}
        for version in payload["versions"]:
            assert set(version) == {f.name for f in fields(VersionRecord)}
        assert PaperRecord.from_payload(payload) == record
        text, content_hash = encoded(payload)
        assert json.loads(text) == payload and content_hash == digest(payload)
