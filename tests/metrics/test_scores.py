"""Novelty % and AI score: the documented definitions, deterministic and bounded."""

from datetime import UTC, datetime, timedelta

import pytest

from ingest.records import AuthorRecord
from papers.models import Paper
from profiles import scores
from profiles.models import Author
from profiles.tasks import recompute_scores
from tests.feedgen import make_record

pytestmark = pytest.mark.django_db

GRACE = [AuthorRecord("Grace Hopper", "Hopper", "Grace")]
# Matching joins a name across categories only through a shared co-author.
GRACE_AND_LIN = [*GRACE, AuthorRecord("Lin Wei", "Wei", "Lin")]
START = datetime(2025, 1, 6, 14, 0, tzinfo=UTC)

ATTENTION = (
    "Sparse Attention for Long-Context Language Models",
    "We propose a sparse attention mechanism that lets transformer language models read "
    "documents of a million tokens. Attention heads select a few blocks of keys, cutting "
    "memory from quadratic to linear while perplexity on long-document benchmarks matches "
    "dense attention.",
)
ATTENTION_AGAIN = (
    "Sparse Attention for Long-Context Language Models, revisited",
    "We propose a sparse attention mechanism that lets transformer language models read "
    "documents of a million tokens. Attention heads select a few blocks of keys, cutting "
    "memory from quadratic to linear, and perplexity on long-document benchmarks matches "
    "dense attention.",
)
GLACIERS = (
    "Seasonal Meltwater Drainage Beneath Greenland Glaciers",
    "Borehole pressure records from three outlet glaciers show subglacial channels opening "
    "each July, draining meltwater lakes within days and briefly doubling ice velocity near "
    "the calving front.",
)
OPTIMISER = (
    "Adaptive Step Sizes for Stochastic Gradient Descent",
    "An optimiser that adapts its learning rate from the curvature of recent gradients "
    "converges faster than Adam on image classification and needs no schedule.",
)
PROTEINS = (
    "Coarse-Grained Folding Pathways of Small Proteins",
    "Molecular dynamics of a coarse-grained backbone model reveals two folding intermediates "
    "for the villin headpiece, consistent with fluorescence kinetics.",
)


def record(n, text, *, days, category="cs.LG", categories=None, authors=None):
    title, abstract = text
    return make_record(
        n,
        title=title,
        abstract=abstract,
        published=START + timedelta(days=days),
        primary_category=category,
        categories=categories or [category],
        **({"authors": authors} if authors else {}),
    )


def novelty_of(arxiv_id):
    return Paper.objects.get(arxiv_id=arxiv_id).novelty


def score_all():
    scores.score_papers(scores.papers_to_score(1000))


def test_a_near_copy_of_an_earlier_paper_scores_low_and_an_unrelated_one_high(add_papers):
    add_papers(
        record(1, ATTENTION, days=0),
        record(2, OPTIMISER, days=1),
        record(3, ATTENTION_AGAIN, days=2),
        record(4, GLACIERS, days=3),
    )

    score_all()

    assert novelty_of("2601.00001") == 100.0  # nothing earlier in our corpus
    assert novelty_of("2601.00003") < 10
    assert novelty_of("2601.00004") > 90


def test_only_earlier_papers_count_so_the_original_keeps_its_score(add_papers):
    add_papers(record(1, ATTENTION, days=5), record(2, ATTENTION_AGAIN, days=0))

    score_all()

    assert novelty_of("2601.00002") == 100.0
    assert novelty_of("2601.00001") < 10


def test_the_reference_set_is_the_latest_earlier_papers_of_the_same_primary_category(add_papers):
    add_papers(
        record(1, ATTENTION, days=0),
        record(2, OPTIMISER, days=1),
        record(3, PROTEINS, days=2),
        record(4, ATTENTION_AGAIN, days=3),  # its twin is three papers back
        record(5, ATTENTION, days=4, category="cs.CL"),  # another category: compared with none
    )
    Paper.objects.update(novelty=None)  # the run scored them against the full reference set

    scores.score_papers(scores.papers_to_score(10), reference_size=2)

    assert novelty_of("2601.00004") > 90
    assert novelty_of("2601.00005") == 100.0


def test_novelty_is_deterministic_and_is_the_documented_tfidf_definition(add_papers):
    texts = [ATTENTION, OPTIMISER, GLACIERS, ATTENTION_AGAIN, PROTEINS, OPTIMISER]
    add_papers(*(record(n, text, days=n) for n, text in enumerate(texts, 1)))
    score_all()
    first = dict(Paper.objects.values_list("arxiv_id", "novelty"))

    Paper.objects.update(novelty=None)
    for paper_id in reversed(scores.papers_to_score(1000)):  # one at a time, newest first
        scores.score_papers([paper_id])

    assert dict(Paper.objects.values_list("arxiv_id", "novelty")) == first
    by_hand = [
        scores.novelty(scores.paper_text(*text), [scores.paper_text(*t) for t in texts[:i]])
        for i, text in enumerate(texts)
    ]
    assert [first[f"2601.{n:05d}"] for n in range(1, 7)] == by_hand
    assert first["2601.00006"] == 0.0  # the same text as paper 2


def test_an_author_novelty_is_the_mean_over_their_scored_works(add_papers):
    add_papers(
        record(1, ATTENTION, days=0),
        record(2, ATTENTION_AGAIN, days=1, authors=GRACE),
        record(3, GLACIERS, days=2, authors=GRACE),
    )

    score_all()

    grace = Author.objects.get(display_name="Grace Hopper")
    expected = (novelty_of("2601.00002") + novelty_of("2601.00003")) / 2
    assert grace.novelty == pytest.approx(expected, abs=0.05)
    assert grace.scores_as_of is not None


def test_ai_score_is_the_share_of_works_in_an_ai_category(add_papers):
    add_papers(
        record(1, ATTENTION, days=0, category="cs.CL", authors=GRACE_AND_LIN),
        record(2, OPTIMISER, days=1, category="math.OC", categories=["math.OC", "stat.ML"],
               authors=GRACE_AND_LIN),
        record(3, PROTEINS, days=2, category="cs.CV", authors=GRACE_AND_LIN),
        record(4, GLACIERS, days=3, category="physics.geo-ph", authors=GRACE_AND_LIN),
        record(5, GLACIERS, days=4, category="physics.geo-ph"),
    )  # fmt: skip

    scores.refresh_author_scores(Author.objects.values_list("pk", flat=True))

    assert Author.objects.get(display_name="Grace Hopper").ai_score == 75.0
    assert Author.objects.get(display_name="Ada Lovelace").ai_score == 0.0


def test_ai_categories_are_the_documented_ones():
    assert set(scores.AI_CATEGORIES) == {
        "cs.AI", "cs.CL", "cs.CV", "cs.LG", "cs.MA", "cs.NE", "stat.ML",
    }  # fmt: skip
    assert all(code in scores.__doc__ for code in scores.AI_CATEGORIES)


def test_the_periodic_task_scores_papers_in_bounded_batches_oldest_first(add_papers):
    texts = [ATTENTION, OPTIMISER, GLACIERS, PROTEINS, ATTENTION_AGAIN]
    add_papers(*(record(n, text, days=n) for n, text in enumerate(texts, 1)))
    assert not Paper.objects.filter(novelty__isnull=True).exists()  # the run scored them
    Paper.objects.update(novelty=None)  # as a run killed before its end leaves them

    first = recompute_scores(batch_size=2, max_batches=1)

    scored = Paper.objects.filter(novelty__isnull=False).values_list("arxiv_id", flat=True)
    assert sorted(scored) == ["2601.00001", "2601.00002"] and first["papers"] == 2
    # Without a bound (as beat runs it) the whole backlog goes, two at a time, until empty.
    assert recompute_scores(batch_size=2)["papers"] == 3
    assert not Paper.objects.filter(novelty__isnull=True).exists()
    assert recompute_scores(batch_size=2) == {"papers": 0, "authors": 0}


def test_the_periodic_task_scores_authors_in_bounded_batches(add_papers):
    add_papers(record(1, ATTENTION, days=0))  # three authors, scored by the run
    Paper.objects.update(novelty=40.0)
    Author.objects.update(scores_as_of=None)  # as a run killed before its end leaves them

    assert recompute_scores(max_batches=1, author_batch_size=2) == {"papers": 0, "authors": 2}
    assert Author.objects.filter(scores_as_of__isnull=True).count() == 1
    assert recompute_scores(max_batches=1, author_batch_size=2) == {"papers": 0, "authors": 1}
    assert set(Author.objects.values_list("novelty", "ai_score")) == {(40.0, 100.0)}


# Committed for real: "changed since" compares the times of separate transactions.
# serialized_rollback puts back what migrations loaded (categories, beat schedules).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_authors_whose_works_changed_are_scored_again_by_the_run_that_changed_them(add_papers):
    add_papers(record(1, ATTENTION, days=0, authors=GRACE_AND_LIN))
    assert Author.objects.get(display_name="Grace Hopper").ai_score == 100.0
    assert scores.authors_needing_scores(10) == []

    add_papers(record(2, GLACIERS, days=1, category="physics.geo-ph", authors=GRACE_AND_LIN))

    grace = Author.objects.get(display_name="Grace Hopper")
    assert grace.ai_score == 50.0 and grace.novelty is not None
    assert scores.authors_needing_scores(10) == []  # nothing left for the hourly catch-up
    assert recompute_scores() == {"papers": 0, "authors": 0}
