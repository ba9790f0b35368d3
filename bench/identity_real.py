"""Identity on real arXiv data: the matcher scored against bench/data/identity_real.json.

    .venv/bin/python bench/identity_real.py [--order file|paper|shuffled] [--batch 100]
                                            [--seed 7] [--errors 15] [--json]

The recorded arXiv files (``bench.identity_real_files.SOURCES`` under
ARXIV_SAMPLES_DIR) are loaded fresh into the bench database first as
``manage.py ingest --file`` loads them: ``ingest.pipeline.import_file`` per file, in
the listed order, each its own ImportRun finished as ingest finishes it (counters,
the re-clustering sweep). The bylines are read back (``papers.models.Authorship``:
arXiv id, position, author, confidence) and scored against the labels, which were
written by reading the papers, never from the matcher:

- pairs: a labelled same pair on one record is a true positive, on two a wrong
  split; a labelled different pair on one record is a false positive (wrong join);
- split: people of the "people" section with 2+ papers whose bylines sit on more
  than one record (a byline left without a record counts as a record of its own);
- wrong attribution: labelled-different pairs joined per byline of the labelled
  pairs, and bylines of the people section on a record whose majority person is
  someone else;
- B³ precision / recall / F1 over the people section's bylines;
- per cause: pairs, right, wrong-split, wrong-joined;
- queued: bylines with confidence below ``ingest.matching.REVIEW_BELOW``.

``--order paper`` (by arXiv id) or ``--order shuffled`` then empties the tables and
loads the same papers again in that order, in batches of ``--batch`` within one
run, scores it, and compares who is who with the first load: the issue asks that
the outcome depend on neither batching nor file order.

Runs on its own database (BENCH_DATABASE_URL, default ``<DATABASE_URL>_bench``),
which it empties first.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database  # noqa: E402
from bench.common import reliability  # noqa: E402

LABELS = Path(__file__).resolve().parent / "data" / "identity_real.json"


def samples_dir() -> Path:
    from django.conf import settings

    root = Path(settings.ARXIV_SAMPLES_DIR)
    if not root.is_dir():
        sys.exit(f"ARXIV_SAMPLES_DIR ({root}) is absent: the recorded arXiv responses are needed.")
    return root


def load_files(root: Path) -> float:
    """Every source file as ``manage.py ingest --file`` imports it: one run per file."""
    from bench.identity_real_files import SOURCES
    from ingest.models import ImportRun
    from ingest.pipeline import import_file

    started = time.perf_counter()
    for path in SOURCES:
        run = import_file(root / path)
        if run.status == ImportRun.Status.FAILED:
            sys.exit(f"{path}: the import failed: {run.error}")
    return time.perf_counter() - started


def load_reordered(root: Path, order: str, batch: int, seed: int) -> float:
    """The same papers (first file wins an id) in another order, ``batch`` per store call."""
    from bench.identity_real_files import read_sources
    from ingest.models import ImportRun, SourceKind
    from ingest.runs import finish, start_run
    from ingest.store import store_batch

    records = [r for source in read_sources(root, database=True) for r in source.records]
    if order == "paper":
        records.sort(key=lambda r: r.arxiv_id)
    else:
        random.Random(seed).shuffle(records)
    run = ImportRun.objects.create(kind=SourceKind.FILE, origin=f"identity_real --order {order}")
    start_run(run)
    started = time.perf_counter()
    for i in range(0, len(records), batch):
        store_batch(records[i : i + batch], run)
    finish(run)
    return time.perf_counter() - started


def read_back() -> dict[tuple[str, int], tuple[int | None, float, str]]:
    """(arXiv id, position) -> (author id, confidence, matched_by) for every byline stored."""
    from papers.models import Authorship

    rows = Authorship.objects.values_list(
        "paper__arxiv_id", "position", "author_id", "confidence", "matched_by"
    )
    return {(a, p): (author, conf, how) for a, p, author, conf, how in rows.iterator()}


def score(labels: dict, stored: dict) -> dict:
    from ingest.matching import REVIEW_BELOW

    def record(slot):
        return stored[slot][0] if slot in stored else None

    def joined(a, b):
        return record(a) is not None and record(a) == record(b)

    # Pairs.
    per_cause = defaultdict(lambda: Counter(pairs=0, right=0, split=0, joined=0))
    tp = fp = fn = 0
    errors = []
    pair_slots = set()
    for pair in labels["pairs"]:
        a = (pair["a"]["arxiv_id"], pair["a"]["position"])
        b = (pair["b"]["arxiv_id"], pair["b"]["position"])
        pair_slots |= {a, b}
        together = joined(a, b)
        row = per_cause[pair["cause"]]
        row["pairs"] += 1
        if pair["same"] and together:
            tp += 1
            row["right"] += 1
        elif pair["same"]:
            fn += 1
            row["split"] += 1
            errors.append(("split", pair, stored.get(a), stored.get(b)))
        elif together:
            fp += 1
            row["joined"] += 1
            errors.append(("joined", pair, stored.get(a), stored.get(b)))
        else:
            row["right"] += 1
    # People: split, majority attribution, B³.
    truth = {}
    for label, person in labels["people"].items():
        if label.lower().endswith("collaboration"):
            continue  # a group is not a person
        for arxiv_id, position, _name in person["bylines"]:
            truth[(arxiv_id, position)] = label
    cluster = {s: record(s) if record(s) is not None else ("none", s) for s in truth}
    person_records, record_people, person_papers = (
        defaultdict(set),
        defaultdict(Counter),
        defaultdict(set),
    )
    for slot, label in truth.items():
        person_records[label].add(cluster[slot])
        record_people[cluster[slot]][label] += 1
        person_papers[label].add(slot[0])
    multi = [p for p, papers in person_papers.items() if len(papers) >= 2]
    split = {p: len(person_records[p]) for p in sorted(multi) if len(person_records[p]) > 1}
    misattributed = [s for s in truth if record_people[cluster[s]].most_common(1)[0][0] != truth[s]]
    by_record, by_person = defaultdict(list), defaultdict(list)
    for s in truth:
        by_record[cluster[s]].append(s)
        by_person[truth[s]].append(s)
    precision = sum(record_people[cluster[s]][truth[s]] / len(by_record[cluster[s]]) for s in truth)
    recall = sum(
        sum(1 for t in by_person[truth[s]] if cluster[t] == cluster[s]) / len(by_person[truth[s]])
        for s in truth
    )
    precision, recall = precision / len(truth), recall / len(truth)
    labelled_slots = pair_slots | set(truth)
    with_record = [s for s in stored if stored[s][0] is not None]
    return {
        "pairs": len(labels["pairs"]),
        "pair precision": tp / max(1, tp + fp),
        "pair recall": tp / max(1, tp + fn),
        "wrong splits (same pairs apart)": fn,
        "wrong joins (different pairs together)": fp,
        "wrong joins per labelled byline %": 100 * fp / max(1, len(pair_slots)),
        "people": len(person_papers),
        "people with 2+ papers": len(multi),
        "split %": 100 * len(split) / max(1, len(multi)),
        "split people": split,
        "misattributed bylines %": 100 * len(misattributed) / max(1, len(truth)),
        "B3 precision": precision,
        "B3 recall": recall,
        "B3 F1": 2 * precision * recall / max(1e-9, precision + recall),
        "queued (all bylines)": sum(1 for s in with_record if stored[s][1] < REVIEW_BELOW),
        "bylines with a record": len(with_record),
        "queued (labelled bylines)": sum(
            1 for s in labelled_slots if record(s) is not None and stored[s][1] < REVIEW_BELOW
        ),
        "labelled bylines": len(labelled_slots),
        "per cause": {c: dict(v) for c, v in sorted(per_cause.items())},
        "reliability": reliability(
            {s: stored[s][1] for s in truth if record(s) is not None},
            {s for s in truth if s not in set(misattributed)},
        ),
        "errors": errors,
    }


def partition(stored: dict) -> set[frozenset]:
    groups = defaultdict(set)
    for slot, (author, _conf, _how) in stored.items():
        if author is not None:
            groups[author].add(slot)
    return {frozenset(g) for g in groups.values()}


def compare(first: dict, second: dict, labels: dict) -> dict:
    """Whether two loads put the same bylines together (author ids differ between loads)."""
    a, b = partition(first), partition(second)
    moved = set().union(*(a - b)) if a - b else set()
    slots = sorted(
        {(x, p) for person in labels["people"].values() for x, p, _ in person["bylines"]}
    )

    def together(stored, s, t):
        return stored.get(s, (None,))[0] is not None and stored[s][0] == stored.get(t, (None,))[0]

    # Labelled bylines, pairwise within a person's blocking neighbourhood is enough: all pairs.
    disagreements = sum(
        1 for s, t in combinations(slots, 2) if together(first, s, t) != together(second, s, t)
    )
    return {
        "records (first load)": len(a),
        "records (second load)": len(b),
        "records not in both": len(a ^ b),
        "bylines on a record that differs": len(moved),
        "labelled byline pairs together in one load only": disagreements,
        "same people": a == b,
    }


def show(title: str, result: dict, errors: int) -> None:
    print(f"\n== {title}")
    for key, value in result.items():
        if key in ("per cause", "errors", "split people", "reliability"):
            continue
        print(f"  {key:>42}: {value:.4f}" if isinstance(value, float) else f"  {key:>42}: {value}")
    split = [f"{p} ({n})" for p, n in result["split people"].items()]
    print(
        f"  {'split people (records)':>42}: {', '.join(split[:14])}"
        + (" ..." if len(split) > 14 else "")
    )
    print(f"\n  {'cause':<26}{'pairs':>6}{'right':>7}{'wrong-split':>13}{'wrong-joined':>14}")
    for cause, row in result["per cause"].items():
        print(
            f"  {cause:<26}{row['pairs']:>6}{row['right']:>7}{row['split']:>13}{row['joined']:>14}"
        )
    print(f"\n  {'confidence':<12}{'bylines':>8}{'right':>9}   (people section: reliability)")
    for bucket, count, share in result["reliability"]:
        print(f"  {bucket:<12}{count:>8}{share:>9}")
    if errors:
        print(f"\n  first {errors} errors (kind, cause, a | b, record/confidence/matched_by):")
        for kind, pair, sa, sb in result["errors"][:errors]:
            print(
                f"  {kind:6} {pair['cause']:<24} {pair['a']['name']} [{pair['a']['arxiv_id']}] | "
                f"{pair['b']['name']} [{pair['b']['arxiv_id']}]  {fmt(sa)} / {fmt(sb)}"
            )


def fmt(stored) -> str:
    if stored is None:
        return "-"
    author, confidence, how = stored
    return f"#{author} {confidence:.2f} {how}"


def jsonable(result: dict) -> dict:
    out = {k: v for k, v in result.items() if k != "errors"}
    out["errors"] = [
        {"kind": kind, "cause": p["cause"], "a": p["a"], "b": p["b"], "why": p["why"],
         "stored a": fmt(sa), "stored b": fmt(sb)}
        for kind, p, sa, sb in result["errors"]
    ]  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--order", choices=["file", "paper", "shuffled"], default="file",
                        help="a second load in this order, compared with the first (file) load")  # fmt: skip
    parser.add_argument(
        "--batch", type=int, default=100, help="records per store call (second load)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--errors", type=int, default=15, help="errors to list")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args()
    url = database.setup_django()
    root = samples_dir()
    labels = json.loads(LABELS.read_text())
    database.reset_tables()
    seconds = load_files(root)
    first = read_back()
    result = {"database": url, "first load": "file (manage.py ingest --file, one run per file)",
              "seconds": round(seconds, 1), "bylines stored": len(first),
              "score": score(labels, first)}  # fmt: skip
    if args.order != "file":
        database.reset_tables()
        seconds = load_reordered(root, args.order, args.batch, args.seed)
        second = read_back()
        result["second load"] = f"{args.order}, batches of {args.batch}, one run"
        result["second seconds"] = round(seconds, 1)
        result["second score"] = score(labels, second)
        result["comparison"] = compare(first, second, labels)
    if args.json:
        for key in ("score", "second score"):
            if key in result:
                result[key] = jsonable(result[key])
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(f"database: {url}")
    print(
        f"loaded {len(first)} bylines from {len(labels['sources'])} files in {result['seconds']} s"
    )
    show("file order (as manage.py ingest --file)", result["score"], args.errors)
    if "comparison" in result:
        show(result["second load"], result["second score"], 0)
        print("\n== same people in both loads?")
        for key, value in result["comparison"].items():
            print(f"  {key:>48}: {value}")


if __name__ == "__main__":
    main()
