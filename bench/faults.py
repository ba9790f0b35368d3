"""The fault harness: imports run at once, killed, and fed hostile input; a table of what held.

    .venv/bin/python bench/faults.py                 # every case
    .venv/bin/python bench/faults.py --case concurrent --kills 20

Cases (each on the bench database, tables emptied first; ``bench.database``):

- ``concurrent``: six ``manage.py ingest --file`` processes at once on recorded files that
  share papers and authors, against the same six one by one: counts and digest equal.
- ``kill``: ``kill -9`` of an import of a big file at N random moments, each followed by a
  rerun of the same file; the digest equals an uninterrupted import's, no run left running.
- ``worker``: a Celery worker's child killed (``kill -9``) while it runs an import task:
  the task is redelivered (acks late), takes over the same run from its last batch and
  finishes it; the digest equals an uninterrupted import's.
- ``outage``: the site served by gunicorn on the bench database, read by six clients, written
  to by a seventh (a digest subscription a second) and watched on /healthz while
  PostgreSQL, then Redis, is restarted (``pg_ctlcluster``, ``service``: run it as root on
  a machine of your own, never beside other work on the same servers).
- ``hostile``: mutations of the recorded files (billion laughs, a 10 MB name, deep nesting,
  truncated gzip, a wrong charset): each ends in a failed run with a message, in bounded time
  and memory.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.database import reset_tables, setup_django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(os.environ.get("ARXIV_SAMPLES_DIR", ROOT.parent / "shared/data/arxiv"))
RSS = [SAMPLES / f"rss/distill_rss_cs.{c}_2026-04-27.xml" for c in ("AI", "CL", "LG")]
ARXIV_RAW = SAMPLES / "oai/litpuvn_ListRecords_arXivRaw_2016-10-20_387rec.xml"
OAI_DC = SAMPLES / "oai/scrapi_ListRecords_oai_dc_2014-12-24_897rec.xml"
TIMEOUT = 600


def combined_listing(into: Path) -> Path:
    """The three same-day listings as one: their <item>s under the first one's channel."""
    bodies = [p.read_text() for p in RSS]
    items = "".join(b.split("</skipDays>", 1)[1].rsplit("</channel>", 1)[0] for b in bodies)
    head = bodies[0].split("</skipDays>", 1)[0] + "</skipDays>"
    path = into / "combined_rss_cs.AI+cs.CL+cs.LG_2026-04-27.xml"
    path.write_text(head + items + "</channel>\n</rss>\n")
    return path


def ingest(*paths: Path, wait: bool = True, env: dict | None = None, memory: int | None = None):
    """``manage.py ingest --file`` in its own process (on the bench database).

    ``memory``: an address-space limit in bytes for the process (an OOM shows as a failure).
    """
    args = [sys.executable, str(ROOT / "manage.py"), "ingest", "--file", *map(str, paths)]

    def limit():
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    process = subprocess.Popen(
        args,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=limit,
    )
    if wait:
        out, _ = process.communicate(timeout=TIMEOUT)
        return process.returncode, out
    return process


def import_runs() -> list[tuple]:
    from ingest.models import ImportRun

    return list(
        ImportRun.objects.order_by("id").values_list("origin", "status", "fetched", "error")
    )


def _error_line(out: str) -> str:
    """The line that names the error in a failed command's output."""
    lines = out.strip().splitlines() or ["(no output)"]
    named = [line for line in lines if "Error" in line or "FAILED" in line]
    return (named or lines)[-1][:160]


def six_files(into: Path) -> list[Path]:
    return [*RSS, combined_listing(into), ARXIV_RAW, OAI_DC]


def state() -> tuple[dict, str]:
    from bench.fault_state import counts, digest

    return counts(), digest()


def case_concurrent(into: Path) -> list[tuple[str, str, str]]:
    """Six imports at once against the same six one by one."""
    files = six_files(into)
    reset_tables()
    serial_codes = [ingest(path)[0] for path in files]
    serial, serial_digest = state()
    reset_tables()
    started = time.monotonic()
    processes = [ingest(path, wait=False) for path in files]
    outputs = [p.communicate(timeout=TIMEOUT)[0] for p in processes]
    seconds = time.monotonic() - started
    together, together_digest = state()
    failed = [
        f"{path.name}: {_error_line(out)}"
        for path, p, out in zip(files, processes, outputs, strict=True)
        if p.returncode
    ]
    rows = [
        (
            "6 imports at once: exit codes",
            f"all 0 (one by one: {serial_codes})",
            "all 0" if not failed else "; ".join(failed),
        )
    ]
    for label in serial:
        rows.append((f"  {label}", f"{serial[label]:,} (one by one)", f"{together[label]:,}"))
    rows.append(("  digest", serial_digest, together_digest))
    rows.append(("  wall time at once", "-", f"{seconds:.1f} s"))
    return rows


HOSTILE_SECONDS = 120
HOSTILE_MEMORY = 4 << 30  # address space; the resident peak is what the table shows


def bounded(path: Path, seconds: float, memory: int) -> tuple[int | None, float, float]:
    """Import ``path`` in a process limited to ``memory`` bytes and ``seconds``.

    (exit code, or None when killed for taking too long; seconds; peak resident MB).
    """
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        args = [sys.executable, str(ROOT / "manage.py"), "ingest", "--file", str(path)]
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (memory, memory)),
        )
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                return process.returncode, time.monotonic() - started, usage.ru_maxrss / 1024
            if time.monotonic() - started > seconds:
                process.kill()
                _, _, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                return None, time.monotonic() - started, usage.ru_maxrss / 1024
            time.sleep(0.05)


def _stored_text() -> dict[str, tuple]:
    """Each stored paper's title, abstract and names as printed, by arXiv id."""
    from papers.models import Paper

    return {
        paper.arxiv_id: (
            paper.title,
            paper.abstract,
            tuple(paper.authorships.order_by("position").values_list("name_as_printed", flat=True)),
        )
        for paper in Paper.objects.all()
    }


def case_hostile(into: Path) -> list[tuple[str, str, str]]:
    """Each mutation of the recorded files imported alone: failed with a message, or sound."""
    from bench.fault_feeds import accented_listing, mutations
    from ingest.models import ImportRun

    clean = {}
    # What each file stores when nothing is wrong with it (the charset cases: accented names).
    for source in (RSS[0], OAI_DC, accented_listing(RSS[0], into)):
        reset_tables()
        ingest(source)
        clean.update(_stored_text())
    rows = []
    for what, path in mutations(RSS[0], OAI_DC, into):
        reset_tables()
        code, seconds, peak = bounded(path, HOSTILE_SECONDS, HOSTILE_MEMORY)
        run = ImportRun.objects.order_by("-id").first()
        if code is None:
            observed = f"HANG: killed after {HOSTILE_SECONDS} s"
        elif run is None:
            observed = f"no run (exit {code})"
        else:
            observed = f"{run.status}: {(run.error or 'no message')[:100]}"
            if run.status != ImportRun.Status.FAILED:
                stored = _stored_text()
                differ = sum(1 for key, text in stored.items() if clean.get(key) != text)
                observed = (
                    f"{run.status}, sound: {len(stored)} papers stored as from the clean file"
                    if stored and not differ
                    else f"{observed} [{run.created} stored, {differ} unlike the clean file]"
                )
        rows.append(
            (
                f"hostile: {what}",
                "failed + message, or sound",
                f"{observed} ({seconds:.1f} s, {peak:.0f} MB)",
            )
        )
    return rows


def case_kill(into: Path, kills: int = 20) -> list[tuple[str, str, str]]:
    """``kill -9`` of an import of the 897-record harvest at random moments, each then rerun."""
    from ingest.models import ImportRun

    reset_tables()
    started = time.monotonic()
    ingest(OAI_DC)
    whole = time.monotonic() - started
    expected_counts, expected = state()
    equal, resumed, running, partial = 0, 0, 0, []
    for _ in range(kills):
        reset_tables()
        process = ingest(OAI_DC, wait=False)
        time.sleep(random.uniform(1.0, whole))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        killed = ImportRun.objects.order_by("-id").first()
        partial.append(killed.fetched if killed else 0)
        # The rerun's reaper (IMPORT_HEARTBEAT_LIMIT, 600 s in production) fails the lost run.
        time.sleep(1.1)
        code, _ = ingest(OAI_DC, env={"IMPORT_HEARTBEAT_LIMIT": "1"})
        counts, observed = state()
        equal += observed == expected and code == 0
        last = ImportRun.objects.order_by("-id").first()
        resumed += killed is not None and last.pk == killed.pk and killed.fetched > 0
        running += ImportRun.objects.filter(status=ImportRun.Status.RUNNING).count()
    return [
        (
            f"kill -9 x{kills} (897-record oai_dc) then rerun",
            f"digest {expected} each time",
            f"{equal}/{kills} equal",
        ),
        (
            "  records applied when killed",
            "0..897, by batches of 250",
            ", ".join(map(str, sorted(partial))),
        ),
        ("  reruns that resumed the killed run", "each one killed after a batch", f"{resumed}"),
        ("  runs left running", "0", f"{running}"),
        ("  uninterrupted import", "-", f"{whole:.1f} s, {expected_counts['papers']} papers"),
    ]


def celery_worker() -> subprocess.Popen:
    """A prefork Celery worker with one child, on the bench database and REDIS_URL."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config.celery", "worker", "--pool=prefork",
         "--concurrency=1", "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _wait(predicate, timeout: float = TIMEOUT, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(step)
    return None


def case_worker(into: Path, kills: int = 5) -> list[tuple[str, str, str]]:
    """The worker running an import killed (``kill -9`` of its child) after a random batch."""
    import redis
    from django.conf import settings

    from config.celery import app
    from ingest.models import ImportRun
    from ingest.tasks import import_file

    reset_tables()
    ingest(OAI_DC)
    expected_counts, expected = state()
    app.conf.broker_url = settings.REDIS_URL
    equal = same_run = finished = 0
    killed_at = []
    for _ in range(kills):
        reset_tables()
        redis.Redis.from_url(settings.REDIS_URL).flushdb()  # no message of an earlier round
        worker = celery_worker()
        try:
            import_file.delay(str(OAI_DC))
            batches = random.randint(1, 3)  # of the four (250 records each)
            run = _wait(
                lambda b=batches: ImportRun.objects.filter(
                    status="running", cursor__offset__gte=250 * b
                ).first()
            )
            child = subprocess.check_output(["pgrep", "-P", str(worker.pid)], text=True).split()
            os.kill(int(child[0]), signal.SIGKILL)
            killed_at.append(ImportRun.objects.get(pk=run.pk).cursor.get("offset", 0))
            done = _wait(
                lambda r=run: ImportRun.objects.filter(pk=r.pk, status="succeeded").first()
            )
        finally:
            worker.terminate()
            worker.wait(timeout=60)
        finished += done is not None
        same_run += ImportRun.objects.count() == 1
        equal += state()[1] == expected
    return [
        (
            f"worker killed mid-import x{kills} (897-record oai_dc)",
            "task redelivered, the same run finished",
            f"{finished}/{kills} finished, {same_run}/{kills} in the same run",
        ),
        ("  records applied when killed", "250, 500 or 750", ", ".join(map(str, killed_at))),
        ("  digest", f"{expected} each time", f"{equal}/{kills} equal"),
        ("  papers", f"{expected_counts['papers']}", "-"),
    ]


def served_site(port: int) -> subprocess.Popen:
    """The site under gunicorn on the bench database, as ``make run`` serves it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.served_settings",
           "DB_CONN_MAX_AGE": "60", "SECURE_HSTS_SECONDS": "0",
           "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
           "SECURE_PROXY_SSL_HEADER": "none", "ALLOWED_HOSTS": "127.0.0.1,localhost"}  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                   env=env, check=True)  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


class Traffic:
    """Readers and subscribers on the served site, each answer logged as (second, kind, status)."""

    def __init__(self, base: str, pages: list[str]):
        import threading

        self.base, self.pages, self.log, self.subscribed = base, pages, [], []
        self.stop, self.started = threading.Event(), time.monotonic()
        self.threads = [threading.Thread(target=self.read, args=(i,)) for i in range(6)]
        self.threads.append(threading.Thread(target=self.subscribe))
        self.threads.append(threading.Thread(target=self.health))

    def note(self, kind, status):
        self.log.append((time.monotonic() - self.started, kind, status))

    def get(self, client, kind, path):
        import httpx

        try:
            status = client.get(self.base + path).status_code
        except httpx.HTTPError:
            status = 0  # no answer at all
        self.note(kind, status)
        return status

    def read(self, i):
        import httpx

        with httpx.Client(timeout=10) as client:
            n = i
            while not self.stop.is_set():
                self.get(client, "page", self.pages[n % len(self.pages)])
                n += 1

    def health(self):
        import httpx

        with httpx.Client(timeout=10) as client:
            while not self.stop.is_set():
                self.get(client, "healthz", "/healthz")
                time.sleep(0.25)

    def subscribe(self):
        """A write a second: a digest subscription; every one answered 302 must be stored."""
        import httpx

        n = 0
        with httpx.Client(timeout=10) as client:
            while not self.stop.is_set():
                n += 1
                email = f"outage-{n}@example.org"
                try:
                    client.get(self.base + "/digests/")
                    token = client.cookies.get("csrftoken", "")
                    answer = client.post(
                        self.base + "/digests/",
                        data={"email": email, "frequency": "daily", "csrfmiddlewaretoken": token},
                        headers={"Referer": self.base + "/digests/"},
                    )
                    status = answer.status_code
                except httpx.HTTPError:
                    status = 0
                self.note("write", status)
                if status == 302:
                    self.subscribed.append(email)
                time.sleep(1)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def during(self, kind, start, end):
        return [status for t, k, status in self.log if k == kind and start <= t < end]


def _restart(what: str) -> tuple[float, float]:
    """Restart PostgreSQL or Redis; (seconds since the traffic began at the stop, its length)."""
    command = {
        "postgresql": ["pg_ctlcluster", "15", "main", "restart"],
        "redis": ["service", "redis-server", "restart"],
    }[what]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    return started, time.monotonic() - started


def case_outage(into: Path) -> list[tuple[str, str, str]]:
    """PostgreSQL, then Redis, restarted while readers, a subscriber and /healthz are served."""
    from django.db import connection

    from digests.models import Subscription
    from papers.models import Paper
    from profiles.models import Author

    port = 8011
    paper = Paper.objects.order_by("id").values_list("arxiv_id", flat=True).first()
    author = Author.objects.filter(works_count__gt=0).values_list("slug", flat=True).first()
    if paper is None or author is None:
        return [("outage", "papers in the bench database", "none: run another case or synth first")]
    pages = [
        "/",
        "/papers/daily/",
        f"/papers/{paper}/",
        f"/researchers/{author}/",
        "/search/?q=graph",
    ]
    Subscription.objects.filter(email__startswith="outage-").delete()
    site = served_site(port)
    rows = []
    try:
        _wait(lambda: subprocess.run(["curl", "-sf", f"http://127.0.0.1:{port}/healthz"],
                                     capture_output=True).returncode == 0, timeout=60, step=0.5)  # fmt: skip
        connection.close()  # this process's own connection goes with the restart
        with Traffic(f"http://127.0.0.1:{port}", pages) as traffic:
            time.sleep(6)
            pg_at, pg_took = _restart("postgresql")
            pg_at -= traffic.started
            time.sleep(8)
            redis_at, redis_took = _restart("redis")
            redis_at -= traffic.started
            time.sleep(8)
        end = time.monotonic() - traffic.started
    finally:
        site.terminate()
        site.wait(timeout=30)
    connection.close()

    def summary(statuses):
        counts = {}
        for status in statuses:
            counts[status] = counts.get(status, 0) + 1
        return ", ".join(f"{n} x {s or 'no answer'}" for s, n in sorted(counts.items())) or "-"

    def recovered(kind, after):
        """Seconds from ``after`` to the first of an unbroken run of 200s to the end."""
        later = [(t, s) for t, k, s in traffic.log if k == kind and t >= after]
        last_bad = max((t for t, s in later if s not in (200, 302)), default=after)
        return last_bad - after

    pg_window = (pg_at, redis_at)
    stored = set(
        Subscription.objects.filter(email__in=traffic.subscribed).values_list("email", flat=True)
    )
    rows += [
        (f"PostgreSQL restarted at {pg_at:.0f} s ({pg_took:.1f} s)", "no 5xx but 503s, back in seconds",
         f"pages: {summary(traffic.during('page', *pg_window))}"),
        ("  pages back to 200 after the restart began", "a few seconds", f"{recovered('page', pg_at):.1f} s"),
        ("  /healthz meanwhile", "503 while down, then 200", summary(traffic.during("healthz", *pg_window))),
        (f"Redis restarted at {redis_at:.0f} s ({redis_took:.1f} s)", "pages keep answering 200",
         f"pages: {summary(traffic.during('page', redis_at, end))}"),
        ("  /healthz meanwhile", "503 while Redis is down", summary(traffic.during("healthz", redis_at, end))),
        ("writes answered as done (302)", "every one stored",
         f"{len(stored)} of {len(traffic.subscribed)} stored; answers {summary(traffic.during('write', 0, end))}"),
        ("requests in all", "-", f"{len(traffic.log)} in {end:.0f} s"),
    ]  # fmt: skip
    return rows


CASES = {
    "concurrent": case_concurrent,
    "kill": case_kill,
    "worker": case_worker,
    "hostile": case_hostile,
    "outage": case_outage,
}


def print_table(rows):
    widths = [max(len(str(r[i])) for r in rows) for i in range(3)]
    line = "  ".join("-" * w for w in widths)
    print(line)
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
    print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=[*CASES, "all"], default="all")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=17)
    options = parser.parse_args()
    setup_django()
    random.seed(options.seed)
    rows = [("case", "expected", "observed")]
    with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
        for name, case in CASES.items():
            # The outage case restarts the servers everyone here shares: only when asked.
            if options.case == name or (options.case == "all" and name != "outage"):
                kwargs = {"kills": options.kills} if name == "kill" else {}
                rows.extend(case(Path(tmp), **kwargs))
    print_table(rows)


if __name__ == "__main__":
    main()
