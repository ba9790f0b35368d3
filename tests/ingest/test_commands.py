"""manage.py ingest and load_demo, as an operator uses them."""

import re

import pytest
from django.core.management import CommandError, call_command

from ingest.models import ImportRun
from papers.models import Paper
from profiles.models import Author
from tests.conftest import table_counts
from tests.feedgen import api_feed, make_record, oai_list_records, rss_feed

pytestmark = pytest.mark.django_db


def test_ingest_detects_each_format_and_prints_one_summary_line_per_file(tmp_path, capsys):
    files = {
        "api.xml": api_feed([make_record(1)]),
        "rss.xml": rss_feed([make_record(2)]),
        "oai.xml": oai_list_records([make_record(3)]),
    }
    for name, body in files.items():
        (tmp_path / name).write_bytes(body)

    call_command("ingest", "--file", *(str(tmp_path / n) for n in files))

    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 3
    assert all(line.startswith("OK ") and "created 1" in line for line in out)
    assert Paper.objects.count() == 3


def test_ingest_of_a_bad_file_reports_it_and_fails(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<html><body>Bad gateway</body></html>")

    with pytest.raises(CommandError, match="1 of 1 imports failed"):
        call_command("ingest", "--file", str(bad))

    assert "FAILED" in capsys.readouterr().out
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_ingest_of_a_missing_file_or_source_says_so():
    with pytest.raises(CommandError, match="no such file"):
        call_command("ingest", "--file", "/nonexistent/feed.xml")
    with pytest.raises(CommandError, match="no feed source with id 999"):
        call_command("ingest", "--source", "999")


@pytest.mark.scale
def test_load_demo_twice_is_harmless(samples, capsys):
    call_command("load_demo")
    counts = table_counts()
    runs = ImportRun.objects.count()

    call_command("load_demo")

    assert table_counts() == counts and ImportRun.objects.count() == runs
    assert counts["Paper"] > 3000 and Author.objects.exists()
    assert "Demo login" in capsys.readouterr().out


def test_load_demo_makes_a_researcher_and_a_curator_but_no_superuser(tmp_path, settings):
    from django.contrib.auth import get_user_model

    settings.ARXIV_SAMPLES_DIR = tmp_path / "absent"  # accounts only: no import, no network
    from ingest.management.commands import load_demo

    load_demo.Command()._demo_users()
    users = {u.username: u for u in get_user_model().objects.all()}
    assert not any(u.is_superuser for u in users.values())
    assert not users["demo"].is_staff
    curator = users["curator"]
    assert curator.is_staff and curator.groups.filter(name="curator").exists()
    assert curator.has_perm("profiles.change_claim") and curator.has_perm(
        "profiles.repair_identity"
    )


@pytest.mark.scale
def test_load_demo_leaves_a_profile_with_its_novelty_and_ai_score(samples, client):
    """The first profile a newcomer opens after `make run` shows both figures, not blanks."""
    call_command("load_demo")
    author = Author.objects.filter(merged_into=None).order_by("-works_count").first()

    html = client.get(author.get_absolute_url()).content.decode()

    for label in ("Novelty", "AI score"):
        figure = re.search(rf'<dt>{label}</dt><dd class="stat-value">(\d+)%</dd>', html)
        assert figure, f"{label} is missing from {author.get_absolute_url()}"
