"""Writes bench/synth.py's world into the bench database, inside the caller's transaction:
papers, versions and bylines by COPY on a second thread, then people (``synth_authors``),
claims, follows and upvotes (``synth_readers``), co-author edges set-wise, indexes rebuilt,
the app's refresh functions and the checks (``synth_check``).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from bench import synth_check
from bench.database import reset_tables
from bench.synth_authors import AuthorRows
from bench.synth_db import (
    TABLES,
    Copier,
    Writer,
    drop_secondary_indexes,
    log,
    run_refreshers,
    transaction_savepoint,
)
from bench.synth_papers import arxiv_ids
from bench.synth_plan import Skeleton
from bench.synth_readers import ReaderRows
from bench.synth_world import World

CHUNK = 10_000  # papers generated and copied per round

PAPER_COLUMNS = [
    "id", "arxiv_id", "latest_version", "title", "abstract", "primary_category_id",
    "categories", "published", "updated", "comment", "journal_ref", "doi", "license",
    "code_url", "announced_on", "announce_type", "withdrawn", "author_count", "authors_text",
    "citation_count", "citations_source", "citations_as_of", "content_hash", "created_at",
    "modified_at",
]  # fmt: skip
BYLINE_COLUMNS = [
    "id", "paper_id", "author_id", "position", "name_as_printed", "affiliation_as_printed",
    "matched_by", "confidence",
]  # fmt: skip


class Loader(AuthorRows, ReaderRows):
    """Writes the world into the bench database, inside the caller's transaction."""

    def __init__(self, world: World, skeletons, aliases, args, started):
        from django.db import connection

        from papers.models import Authorship, Paper

        self.world, self.skeletons, self.aliases = world, skeletons, aliases
        self.args, self.started = args, started
        self.cursor = connection.cursor()
        self.M = Authorship.MatchedBy
        self.year_columns = any(
            f.column == "citations_by_year" for f in Paper._meta.concrete_fields
        )
        # Each paper's BibTeX entry, as ingest stores it, when the app keeps one (papers.bibtex).
        self.bibtex_column = any(f.column == "bibtex" for f in Paper._meta.concrete_fields)
        self.ids = arxiv_ids(skeletons)
        rng = world.rng
        self.withdrawn = set(rng.sample(range(len(skeletons)), max(1, len(skeletons) // 1000)))
        self.author_created: dict[int, datetime] = {}
        self.first_name: dict[int, str] = {}  # the name each record was made under
        self.version_id = self.byline_id = 0
        self.fast_payload = True
        self.paper_facts: list[tuple[date, int]] = []  # for upvotes

    def run(self) -> None:
        self.prepare()
        self.papers()
        author_ids = self.people()
        self.community()
        self.edges()
        self.finish(author_ids)

    def prepare(self) -> None:
        from django.contrib.auth import get_user_model

        cursor = self.cursor
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute("SET LOCAL work_mem TO '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem TO '1GB'")
        try:
            # Foreign keys are checked by triggers: off for the load, checked in SQL afterwards.
            with transaction_savepoint():
                cursor.execute("SET LOCAL session_replication_role TO replica")
            triggers = "off (checked after the load)"
        except Exception:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            triggers = "on (not a superuser)"
        if self.args.reset:
            reset_tables()
            get_user_model().objects.filter(username__startswith="synth-").delete()
            log("emptied the bench tables", self.started)
        self.indexes = drop_secondary_indexes(cursor)
        log(
            f"dropped {len(self.indexes)} secondary indexes for the load; "
            f"foreign-key triggers {triggers}",
            self.started,
        )

    # ---------------------------------------------------------------- papers and bylines

    def papers(self) -> None:
        from papers.models import Authorship, Paper, PaperVersion

        columns = PAPER_COLUMNS + (["citations_by_year"] if self.year_columns else [])
        columns += ["bibtex"] if self.bibtex_column else []
        papers = Copier(Paper, columns)
        versions = Copier(PaperVersion, ["id", "paper_id", "version", "submitted_at", "size"])
        bylines = Copier(Authorship, BYLINE_COLUMNS)
        writer = Writer()
        rows = ([], [], [])
        total = len(self.skeletons)
        for index, s in enumerate(self.skeletons):
            self.paper(index, s, *rows)
            if len(rows[0]) >= CHUNK or index == total - 1:
                for copier, chunk in zip((papers, versions, bylines), rows, strict=True):
                    writer.submit(copier, chunk)
                rows = ([], [], [])
                copied = papers.seconds + versions.seconds + bylines.seconds
                log(
                    f"papers {index + 1:,} / {total:,}, bylines {self.byline_id:,}, "
                    f"authors {len(self.world.authors):,} (COPY {copied:.0f} s on its own "
                    f"thread, waited for it {writer.waited:.0f} s)",
                    self.started,
                )
        writer.close()
        log(
            f"COPY seconds: papers {papers.seconds:.0f} (search vectors computed as rows arrive), "
            f"versions {versions.seconds:.0f}, bylines {bylines.seconds:.0f}",
            self.started,
        )

    def paper(self, index: int, s: Skeleton, paper_rows, version_rows, byline_rows) -> None:
        world, rng = self.world, self.world.rng
        PaperRecord, AuthorRecord, VersionRecord, digest = world.record
        paper_id = index + 1
        people = world.byline(s)
        dates = world.versions(s.published)
        created = datetime.combine(world.announced(s.published), datetime.min.time(), UTC)
        created = min(created + timedelta(hours=20), world.now)
        names, affiliations = self.bylines(paper_id, s, people, created, byline_rows)
        if 2 <= len(people) <= world.max_people:
            world.edge_papers.append((paper_id, len(people), s.published.year))

        categories = world.categories(s, self.aliases)
        latest = len(dates)
        title, abstract, comment, journal_ref, doi, licence, code_url = world.text_fields(
            s, paper_id, latest
        )
        sizes = [f"{rng.randint(80, 9000)}kb" for _ in dates]
        for v, (when, size) in enumerate(zip(dates, sizes, strict=True), start=1):
            self.version_id += 1
            version_rows.append((self.version_id, paper_id, v, when, size))
        if latest > 1:
            announce_type, announced_on = "replace", world.announced(dates[-1])
        else:
            announce_type = "cross" if rng.random() < 0.12 else "new"
            announced_on = world.announced(s.published)
        modified = min(
            datetime.combine(announced_on, datetime.min.time(), UTC) + timedelta(hours=20),
            world.now,
        )
        # The digest ingest stores (ingest.records.digest of the record's payload), so that
        # a real feed entry for the same paper would be recognised as unchanged. The payload
        # is built directly (PaperRecord.to_payload is slow); every 500th paper is checked
        # against to_payload itself, and a difference switches to it for good.
        payload = {
            "arxiv_id": self.ids[index], "version": latest, "title": title, "abstract": abstract,
            "authors": [
                {"name": n, "keyname": "", "forenames": "",
                 "affiliations": a.split("; ") if a else []}
                for n, a in zip(names, affiliations, strict=True)
            ],
            "primary_category": categories[0], "categories": categories,
            "published": s.published.isoformat(), "updated": dates[-1].isoformat(),
            "comment": comment, "journal_ref": journal_ref, "doi": doi, "license": licence,
            "versions": [
                {"version": v, "submitted_at": when.isoformat(), "size": size}
                for v, (when, size) in enumerate(zip(dates, sizes, strict=True), start=1)
            ],
            "announce_type": announce_type, "announced_on": announced_on.isoformat(),
            "deleted": False,
        }  # fmt: skip
        if not self.fast_payload or index % 500 == 0:
            record = PaperRecord(
                arxiv_id=self.ids[index],
                version=latest,
                title=title,
                abstract=abstract,
                authors=[
                    AuthorRecord(n, affiliations=tuple(a.split("; ")) if a else ())
                    for n, a in zip(names, affiliations, strict=True)
                ],
                primary_category=categories[0],
                categories=categories,
                published=s.published,
                updated=dates[-1],
                comment=comment,
                journal_ref=journal_ref,
                doi=doi,
                license=licence,
                versions=[
                    VersionRecord(v, when, size)
                    for v, (when, size) in enumerate(zip(dates, sizes, strict=True), start=1)
                ],
                announce_type=announce_type,
                announced_on=announced_on,
            ).to_payload()
            if self.fast_payload and record != payload:
                print("  (PaperRecord.to_payload changed shape: using it for every paper)")
                self.fast_payload = False
            payload = record
        count, source, as_of, by_year = world.citations(s, self.year_columns)
        row = (
            paper_id, self.ids[index], latest, title, abstract, categories[0],
            "{" + ",".join(categories) + "}", s.published, dates[-1], comment, journal_ref, doi,
            licence, code_url, announced_on, announce_type, index in self.withdrawn, len(names),
            ", ".join(names), count, source, as_of, digest(payload), created, modified,
        )  # fmt: skip
        if self.year_columns:
            row += (json.dumps(by_year),)
        if self.bibtex_column:
            from papers.bibtex import bibtex_entry

            row += (
                bibtex_entry(
                    arxiv_id=self.ids[index], title=title, year=s.published.year,
                    primary_category=categories[0], doi=doi, journal_ref=journal_ref, names=names,
                ),
            )  # fmt: skip
        paper_rows.append(row)
        self.paper_facts.append((announced_on, count or 0))
        world.stats["code"] += bool(code_url)
        world.stats["cited"] += count is not None

    def bylines(self, paper_id, s: Skeleton, people, created, byline_rows):
        """One Authorship row per name, matched as ingest would: new, coauthor, exact, ..."""
        world, rng, M = self.world, self.world.rng, self.M
        seen_labs = Counter(p.lab for p in people if p.author_id)
        names, affiliations = [], []
        for position, person in enumerate(people):
            first = person.author_id == 0
            person.works += 1
            name, how, confidence = person.printed, M.EXACT, 0.8
            r = rng.random()
            if not first and person.variant and r < 0.15:
                name, how, confidence = person.variant, M.CURATOR, 1.0
            elif person.ascii and r < 0.25:
                name = person.ascii
            elif person.reversed and r > 0.99:
                name = person.reversed
            if first:
                world.authors.append(person)
                person.author_id = len(world.authors)
                self.author_created[person.author_id] = created
                self.first_name[person.author_id] = name
                folded = world.normalize(name)
                how = M.NEW
                # A new record beside a namesake is made with confidence 0.5 (curators look).
                confidence = 0.5 if world.name_count[folded] else 1.0
                world.name_count[folded] += 1
            elif how != M.CURATOR:
                if person.claimed and rng.random() < 0.25:
                    how, confidence = M.OWNER, 1.0
                elif s.collaboration is not None or seen_labs[person.lab] > 1:
                    how, confidence = M.COAUTHOR, 0.95
            affiliation = ""
            if (
                s.collaboration is None
                and person.institution is not None
                and rng.random() < person.affiliation_share
            ):
                affiliation = world.institutions[person.institution][0]
                if person.second_institution is not None:
                    affiliation += "; " + world.institutions[person.second_institution][0]
                person.printed_affiliation = True
            names.append(name)
            affiliations.append(affiliation)
            self.byline_id += 1
            byline_rows.append(
                (self.byline_id, paper_id, person.author_id, position, name, affiliation, how,
                 confidence)
            )  # fmt: skip
        if s.group:
            self.byline_id += 1
            byline_rows.append(
                (self.byline_id, paper_id, None, len(people), s.group, "", M.GROUP, 1.0)
            )
            names.append(s.group)
            affiliations.append("")
        return names, affiliations

    # ---------------------------------------------------------------- edges, indexes, counters

    def edges(self) -> None:
        """Co-author edges by graph.edges' rules, set-wise from the bylines just written."""
        from django.db import connection

        with connection.connection.cursor() as raw:
            raw.execute(
                "CREATE TEMP TABLE synth_edge_paper "
                "(paper_id bigint PRIMARY KEY, people int, year int) ON COMMIT DROP"
            )
            with raw.copy("COPY synth_edge_paper (paper_id, people, year) FROM STDIN") as copy:
                for row in self.world.edge_papers:
                    copy.write_row(row)
        cursor = self.cursor
        cursor.execute("ANALYZE synth_edge_paper")
        cursor.execute("ANALYZE papers_authorship")
        # Each byline of n = 2..MAX people adds 1/(n-1) to each pair's weight and 1 to its
        # paper_count; years from the v1 date. Bylines above MAX add nothing.
        cursor.execute(
            """
            INSERT INTO graph_coauthoredge
                (author_a_id, author_b_id, weight, paper_count, first_year, last_year)
            SELECT x.author_id, y.author_id, sum(1.0::float8 / (t.people - 1)), count(*),
                   min(t.year), max(t.year)
            FROM synth_edge_paper t
            JOIN papers_authorship x ON x.paper_id = t.paper_id AND x.author_id IS NOT NULL
            JOIN papers_authorship y ON y.paper_id = t.paper_id AND y.author_id > x.author_id
            GROUP BY 1, 2
            ORDER BY 1, 2
            """
        )
        log(f"co-author edges {cursor.rowcount:,}", self.started)

    def finish(self, author_ids: list[int]) -> None:
        from ingest.models import ImportRun, SourceKind

        cursor, world, args = self.cursor, self.world, self.args
        for table in TABLES[:-1]:  # explicit ids: the sequences go past them
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT max(id) FROM {table}), 1))"
            )
        for _, definition in self.indexes:
            cursor.execute(definition)
        log(f"rebuilt {len(self.indexes)} indexes", self.started)
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")
        run_refreshers(author_ids, args.refresh_chunk, self.started)
        ImportRun.objects.create(
            kind=SourceKind.FILE,
            origin=f"bench/synth.py --papers {args.papers} --seed {args.seed} --until {world.until}",
            status=ImportRun.Status.SUCCEEDED,
            fetched=len(self.skeletons),
            created=len(self.skeletons),
            started_at=datetime.now(UTC),
            finished_at=datetime.now(UTC),
        )
        synth_check.check_all(
            world, lambda ids: run_refreshers(ids, len(ids), self.started, quiet=True)
        )
        print(
            f"  {world.stats['code']:,} papers with code, {world.stats['cited']:,} with "
            f"citations, {len(self.withdrawn)} withdrawn"
        )
