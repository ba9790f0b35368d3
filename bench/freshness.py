"""How fresh is fresh: seconds from "arXiv served the listing" to each page showing the paper.

    .venv/bin/python bench/freshness.py            # on the make run demo database (DATABASE_URL)
    .venv/bin/python bench/freshness.py --timeout 60

What it does, with the real worker and beat (``celery -A config.celery``):

1. picks the most prolific author who has co-authors, and their strongest co-author;
2. serves, on 127.0.0.1, a local copy of arXiv: an RSS listing in arXiv's format
   (tests/feedgen.py, the format recorded in ARXIV_SAMPLES_DIR) holding one new
   paper by those two and one new person, and the API answering ``id_list`` with
   its v1 date and metadata; worker and beat get ARXIV_RSS_URL / ARXIV_API_URL /
   ARXIV_OAI_URL pointing there;
3. creates a scheduled RSS FeedSource, due at once, and starts beat and one worker;
4. from the moment the listing is served, polls every 0.1 s, in this process
   through Django's test client: each author's profile (the paper first on page 1,
   the works counter one up), the graph panel, Daily, a follower's ``/me/``, the
   Atom feed, and in the database the paper's novelty and v1 date;
5. prints each step's seconds, then stops what it started and removes its source.

The new paper stays (a fresh arXiv id each time): it is what a poll would leave.
The default schedule polls every 15 minutes from 19:45 US Eastern (ingest.polling),
so announcement-to-profile is at most one tick (15 min) plus the figures below.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUERY = "cs.DL"  # the bench source's listing (a real category; the server answers any)


class LocalArxiv:
    """RSS, API and OAI-PMH on 127.0.0.1: the bench's listing, and empty answers otherwise."""

    def __init__(self, listing: bytes, api_body: bytes, empty_rss: bytes, empty_api: bytes, oai):
        self.listing, self.api_body, self.empty_rss, self.empty_api, self.oai = (
            listing,
            api_body,
            empty_rss,
            empty_api,
            oai,
        )
        self.served_at: float | None = None
        self.api_at: float | None = None
        self.arxiv_id = ""
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                url = urlsplit(self.path)
                if url.path == f"/rss/{QUERY}":
                    body, kind = outer.listing, "application/rss+xml"
                    if outer.served_at is None:
                        outer.served_at = time.time()
                elif url.path.startswith("/rss/"):
                    body, kind = outer.empty_rss, "application/rss+xml"
                elif url.path == "/api/query":
                    ids = parse_qs(url.query).get("id_list", [""])[0].split(",")
                    body = outer.api_body if outer.arxiv_id in ids else outer.empty_api
                    kind = "application/atom+xml"
                    if outer.arxiv_id in ids and outer.api_at is None:
                        outer.api_at = time.time()
                else:
                    body, kind = outer.oai, "text/xml"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    hosts = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ["ALLOWED_HOSTS"] = f"{hosts},testserver"
    import django

    django.setup()


def last_announcement(now: datetime) -> datetime:
    """The latest arXiv announcement (20:00 US Eastern, Sunday to Thursday) before ``now``."""
    from papers.announce import ANNOUNCED_AT, EASTERN

    day = now.astimezone(EASTERN).date()
    while True:
        at = datetime.combine(day, ANNOUNCED_AT, tzinfo=EASTERN)
        if at <= now and day.weekday() in {6, 0, 1, 2, 3}:
            return at
        day -= timedelta(days=1)


def choose_people():
    """The most prolific author with co-authors, their strongest co-author, and names as printed."""
    from django.db.models import Q

    from graph.models import CoauthorEdge
    from papers.models import Authorship
    from profiles.models import Author

    with_edges = CoauthorEdge.objects.values("author_a").union(
        CoauthorEdge.objects.values("author_b")
    )
    lead = (
        Author.objects.filter(merged_into__isnull=True, id__in=with_edges)
        .order_by("-works_count", "id")
        .first()
    )
    if lead is None:
        sys.exit("No author with co-authors: run `make run` (or manage.py load_demo) first.")
    edge = (
        CoauthorEdge.objects.filter(Q(author_a=lead) | Q(author_b=lead))
        .order_by("-weight", "id")
        .first()
    )
    partner = Author.objects.get(
        pk=edge.author_b_id if edge.author_a_id == lead.pk else edge.author_a_id
    )

    def printed(author):
        return (
            Authorship.objects.filter(author=author)
            .order_by("-paper__published", "-paper_id")
            .values_list("name_as_printed", "paper__primary_category_id", "paper__categories")
            .first()
        )

    return lead, partner, printed(lead), printed(partner)


def build_record(lead_printed, partner_printed, listing_day, v1):
    from ingest.records import AuthorRecord, PaperRecord, VersionRecord
    from papers.models import Paper

    while True:
        arxiv_id = f"{v1:%y%m}.{random.randint(90000, 99999)}"
        if not Paper.objects.filter(arxiv_id=arxiv_id).exists():
            break
    category = lead_printed[1] or "cs.DL"
    stamp = datetime.now(UTC).strftime("%H%M%S")
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=1,
        title=f"Freshness Probe {stamp}: Announcement-to-Profile Latency in Research Graphs",
        abstract=(
            "We measure how quickly a newly announced preprint reaches the public profiles "
            f"of its authors, run {stamp}, across listings, counters and collaboration graphs."
        ),
        authors=[
            AuthorRecord(lead_printed[0]),
            AuthorRecord(partner_printed[0]),
            AuthorRecord(f"Quentin Freshwater{stamp}"),
        ],
        primary_category=category,
        categories=[category, *[c for c in (lead_printed[2] or []) if c != category]][:3],
        published=v1,
        updated=v1,
        comment="8 pages, 2 figures",
        doi=f"10.48550/arXiv.{arxiv_id}",
        journal_ref="",
        license="http://creativecommons.org/licenses/by/4.0/",
        versions=[VersionRecord(1, v1)],
        announce_type="new",
        announced_on=listing_day,
    )


def start(name, env, *args):
    log = open(ROOT / "var" / "log" / f"freshness-{name}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "celery"), "-A", "config.celery", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=90.0)
    options = parser.parse_args()
    setup_django()

    from django.contrib.auth import get_user_model
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.test import Client
    from django.urls import reverse
    from django.utils.html import escape
    from django_celery_beat.models import PeriodicTask

    from graph.models import CoauthorEdge
    from ingest.models import FeedSource, ImportRun, SourceKind
    from papers.models import Paper
    from profiles.models import Follow
    from tests.feedgen import api_feed, oai_error, rss_feed

    lead, partner, lead_printed, partner_printed = choose_people()
    announced = last_announcement(datetime.now(UTC))
    listing_day = announced.date() + timedelta(days=1)
    record = build_record(
        lead_printed, partner_printed, listing_day, announced - timedelta(hours=30)
    )
    arxiv = LocalArxiv(
        rss_feed([record], categories=(QUERY,)),
        api_feed([record]),
        rss_feed([], categories=(QUERY,), build_date=announced),
        api_feed([]),
        oai_error(),
    )
    arxiv.arxiv_id = record.arxiv_id
    print(f"Local arXiv on {arxiv.url}; new paper {record.arxiv_id} by {lead.display_name} "
          f"({lead.works_count} works), {partner.display_name} ({partner.works_count}) and a new person.")  # fmt: skip

    user, _ = get_user_model().objects.get_or_create(
        username="freshness-bench", defaults={"email": "freshness-bench@peerfolio.localhost"}
    )
    Follow.objects.get_or_create(user=user, author=lead)
    follower = Client()
    follower.force_login(user)
    anonymous = Client()

    FeedSource.objects.filter(kind=SourceKind.RSS, query=QUERY).delete()
    source = FeedSource.objects.create(
        name="Freshness bench", kind=SourceKind.RSS, query=QUERY, interval_minutes=1
    )
    # Due at once: beat reads when the entry last ran.
    PeriodicTask.objects.filter(pk=source.periodic_task_id).update(
        last_run_at=datetime.now(UTC) - timedelta(minutes=5)
    )

    env = {
        **os.environ,
        "ARXIV_RSS_URL": f"{arxiv.url}/rss/",
        "ARXIV_API_URL": f"{arxiv.url}/api/query",
        "ARXIV_OAI_URL": f"{arxiv.url}/oai",
    }
    (ROOT / "var" / "log").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "celery"), "-A", "config.celery", "purge", "-f"],
        cwd=ROOT, env=env, capture_output=True, check=False,
    )  # fmt: skip
    worker = start("worker", env, "worker", "--loglevel=INFO", "--concurrency=1")
    beat = start("beat", env, "beat", "--loglevel=INFO", "--pidfile=", "--max-interval=1",
                 "-s", str(ROOT / "var" / "freshness-beat-schedule"))  # fmt: skip
    title = record.title

    def first_work(slug):
        page = anonymous.get(reverse("profiles:detail", args=[slug])).content.decode()
        works = page.split('id="published-work"', 1)[-1]
        match = re.search(r'class="paper-title"><a [^>]*>(.*?)</a>', works, re.S)
        return bool(match) and escape(title) in match.group(1)

    def counter(author):
        page = anonymous.get(reverse("profiles:detail", args=[author.slug])).content.decode()
        return f"{intcomma(author.works_count + 1)} published item" in page

    def atom():
        feed = anonymous.get(reverse("profiles:feed", args=[lead.slug])).content.decode()
        entry = feed.split("<entry>", 2)
        return len(entry) > 1 and escape(title) in entry[1]

    edge = CoauthorEdge.objects.get(
        author_a=min(lead.pk, partner.pk), author_b=max(lead.pk, partner.pk)
    )
    shared = edge.paper_count

    def slice_moved():
        page = anonymous.get(reverse("graph:slice", args=[lead.slug])).content.decode()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
        return re.search(
            rf"{re.escape(escape(partner.display_name))}( close)? {shared + 1} shared works · \d{{4}}–{listing_day.year}",
            text,
        )

    def paper_field(**lookup):
        return Paper.objects.filter(arxiv_id=record.arxiv_id, **lookup).exists()

    steps = {
        f"title first on {lead.display_name}'s profile, page 1": lambda: first_work(lead.slug),
        f"title first on {partner.display_name}'s profile, page 1": lambda: first_work(partner.slug),
        f"works counter of {lead.display_name} ({lead.works_count} → {lead.works_count + 1})": lambda: counter(lead),
        f"works counter of {partner.display_name}": lambda: counter(partner),
        f"graph panel: {partner.display_name} {shared} → {shared + 1} shared works, to {listing_day.year}": slice_moved,
        "Daily (latest day) lists it": lambda: escape(title)
        in anonymous.get(reverse("papers:daily")).content.decode(),
        "a follower's /me/ lists it": lambda: escape(title)
        in follower.get(reverse("me")).content.decode(),
        "Atom feed: first entry": atom,
        "novelty computed (database)": lambda: paper_field(novelty__isnull=False),
        "v1 date from the API (database)": lambda: paper_field(dated_by_announcement=False),
        "run succeeded": lambda: ImportRun.objects.filter(source=source, status="succeeded").exists(),
    }  # fmt: skip
    seen: dict[str, float] = {}
    started = time.time()
    try:
        while arxiv.served_at is None:
            if time.time() - started > options.timeout:
                sys.exit("Beat never polled the bench source; see var/log/freshness-*.log.")
            time.sleep(0.05)
        print(f"Listing served {arxiv.served_at - started:.1f} s after beat and worker started.")
        while len(seen) < len(steps) and time.time() - arxiv.served_at < options.timeout:
            for name, check in steps.items():
                if name not in seen and check():
                    seen[name] = time.time() - arxiv.served_at
            time.sleep(0.1)
    finally:
        stop(beat)
        stop(worker)
        arxiv.server.shutdown()
        run = ImportRun.objects.filter(source=source).order_by("-id").first()
        task_id = source.periodic_task_id
        source.delete()
        PeriodicTask.objects.filter(pk=task_id).delete()

    print("\n| step | seconds after the listing was served |\n|---|---|")
    for name in steps:
        print(f"| {name} | {f'{seen[name]:.2f}' if name in seen else 'not seen'} |")
    if arxiv.api_at:
        print(f"| (API id_list request for the v1 date) | {arxiv.api_at - arxiv.served_at:.2f} |")
    if run is not None:
        print(f"\nRun #{run.pk}: {run.status}, {run.created} new, {run.updated} updated"
              f"{', ' + run.error if run.error else ''}.")  # fmt: skip
    missing = [name for name in steps if name not in seen]
    if missing:
        sys.exit(f"Not seen within {options.timeout:.0f} s: {', '.join(missing)}")


if __name__ == "__main__":
    main()
