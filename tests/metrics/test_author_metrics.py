"""Author citation metrics from their works' counts: totals, h-index, i10, per year, source, as-of."""

from datetime import UTC, datetime

import pytest

from ingest.records import AuthorRecord
from papers.models import Paper
from profiles.metrics import refresh_citation_metrics
from profiles.models import Author
from tests.feedgen import make_record

pytestmark = pytest.mark.django_db

GRACE = [AuthorRecord("Grace Hopper", "Hopper", "Grace")]
MAY, JUNE = datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)


def solo_papers(add_papers, n):
    """n papers by one author; returns that author and the papers in order."""
    papers = add_papers(*(make_record(i, authors=GRACE) for i in range(1, n + 1)))
    return Author.objects.get(display_name="Grace Hopper"), [papers[k] for k in sorted(papers)]


def cite(paper, count, source="Semantic Scholar", as_of=JUNE, by_year=None):
    Paper.objects.filter(pk=paper.pk).update(
        citation_count=count,
        citations_source=source,
        citations_as_of=as_of,
        citations_by_year=by_year or {},
    )


@pytest.mark.parametrize(
    ("counts", "h", "i10"),
    [
        ([10, 8, 5, 4, 3], 4, 1),
        ([25, 12, 10, 9, 0], 4, 3),
        ([3, 3, 3, 3], 3, 0),
        ([100], 1, 1),
        ([0, 0, 0], 0, 0),
        ([1, 50, 2, 7, 7, 7, 7, 7, 7, 7], 7, 1),
    ],
)
def test_h_index_and_i10_from_known_citation_lists(add_papers, counts, h, i10):
    author, papers = solo_papers(add_papers, len(counts))
    for paper, count in zip(papers, counts, strict=True):
        cite(paper, count)

    refresh_citation_metrics([author.pk])

    author.refresh_from_db()
    assert (author.citations_count, author.h_index, author.i10_index) == (sum(counts), h, i10)


def test_without_any_citation_data_the_metrics_stay_null_not_zero(add_papers):
    author, _ = solo_papers(add_papers, 3)

    refresh_citation_metrics([author.pk])

    author.refresh_from_db()
    assert (author.citations_count, author.h_index, author.i10_index) == (None, None, None)
    assert (author.citations_source, author.citations_as_of, author.citations_by_year) == (
        "",
        None,
        {},
    )


def test_only_works_with_data_are_counted_and_as_of_is_the_oldest(add_papers):
    author, (one, two, _) = solo_papers(add_papers, 3)
    cite(one, 12, as_of=JUNE)
    cite(two, 0, source="OpenAlex", as_of=MAY)

    refresh_citation_metrics([author.pk])

    author.refresh_from_db()
    assert (author.citations_count, author.h_index, author.i10_index) == (12, 1, 1)
    assert author.citations_source == "Semantic Scholar + OpenAlex"
    assert author.citations_as_of == MAY


def test_citations_per_year_are_summed_over_works(add_papers):
    author, (one, two) = solo_papers(add_papers, 2)
    cite(one, 9, by_year={"2025": 2, "2026": 7})
    cite(two, 4, by_year={"2026": 3, "2024": 1})

    refresh_citation_metrics([author.pk])

    author.refresh_from_db()
    assert author.citations_by_year == {"2024": 1, "2025": 2, "2026": 10}


def test_withdrawn_works_do_not_count(add_papers):
    author, (one, two) = solo_papers(add_papers, 2)
    cite(one, 30)
    cite(two, 20)
    Paper.objects.filter(pk=two.pk).update(withdrawn=True)

    refresh_citation_metrics([author.pk])

    author.refresh_from_db()
    assert (author.citations_count, author.h_index) == (30, 1)


def test_ingest_keeps_works_per_year_current(add_papers):
    add_papers(
        make_record(1, authors=GRACE, published=datetime(2024, 3, 1, tzinfo=UTC)),
        make_record(2, authors=GRACE, published=datetime(2024, 9, 1, tzinfo=UTC)),
    )
    add_papers(make_record(3, authors=GRACE, published=datetime(2025, 1, 2, tzinfo=UTC)))

    author = Author.objects.get(display_name="Grace Hopper")
    assert author.works_by_year == {"2024": 2, "2025": 1}
    assert author.works_count == sum(author.works_by_year.values())


def test_one_refresh_covers_many_authors_and_leaves_others_alone(add_papers):
    papers = add_papers(make_record(1), make_record(2, authors=GRACE))
    for paper in papers.values():
        cite(paper, 5)
    trio = list(Author.objects.exclude(display_name="Grace Hopper").values_list("pk", flat=True))

    refresh_citation_metrics(trio)

    assert set(Author.objects.filter(pk__in=trio).values_list("citations_count", flat=True)) == {5}
    assert Author.objects.get(display_name="Grace Hopper").citations_count is None
