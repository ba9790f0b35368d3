"""The trust score's arithmetic and labels, and the bar-chart geometry."""

import pytest

from ingest.records import AuthorRecord
from profiles.charts import bar_chart
from profiles.models import Author
from profiles.trust import label_for, refresh_trust, score
from tests.feedgen import api_feed, make_record


def test_score_adds_capped_signals_and_lists_them_largest_first():
    total, lines = score({"works": 5, "consistency": 0.5, "claimed": 1, "verified_coauthors": 9})
    assert total == 8 + 5 + 20 + 10
    assert [(line["key"], line["points"]) for line in lines] == [
        ("claimed", 20), ("verified_coauthors", 10), ("works", 8), ("consistency", 5),
    ]  # fmt: skip


def test_penalties_lower_the_score_but_never_below_zero():
    assert score({"works": 2, "disputes": 1})[0] == 0
    assert score({"works": 20, "claimed": 1, "disputes": 1})[0] == 15 + 20 - 15


def test_labels():
    assert [label_for(s) for s in (0, 39, 40, 69, 70, 100)] == [
        "Unverified", "Unverified", "Partially verified", "Partially verified", "Verified", "Verified",
    ]  # fmt: skip


@pytest.mark.django_db
def test_ingest_stores_the_score_and_its_breakdown(ingest):
    ingest(api_feed([make_record(n, authors=[AuthorRecord("Ada Lovelace")]) for n in range(1, 6)]))
    ada = Author.objects.get()
    assert ada.trust_score == 8 + 10  # five works, every byline a confident match
    assert [line["key"] for line in ada.trust_breakdown] == ["consistency", "works"]

    Author.objects.filter(pk=ada.pk).update(verification_level=4)
    refresh_trust([ada.pk])
    ada.refresh_from_db()
    assert (
        ada.trust_score == 33
        and ada.trust_breakdown[0]["label"] == "reviewed and confirmed by a curator"
    )


def test_bar_chart_fills_missing_years_and_scales_to_the_peak():
    chart = bar_chart({"2020": 2, "2022": 4}, last_year=2023)
    assert [b.year for b in chart.bars] == [2020, 2021, 2022, 2023]
    assert [b.value for b in chart.bars] == [2, 0, 4, 0]
    tallest = chart.bars[2]
    assert (
        tallest.height == max(b.height for b in chart.bars)
        and chart.bars[0].height == tallest.height / 2
    )
    assert chart.total == 6 and chart.peak == 4


def test_bar_chart_of_nothing_is_none_and_long_careers_keep_the_last_twenty_years():
    assert bar_chart({}) is None and bar_chart({"2020": 0}) is None
    chart = bar_chart({str(y): 1 for y in range(1980, 2026)})
    assert len(chart.bars) == 20 and chart.bars[-1].year == 2025
