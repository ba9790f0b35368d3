"""BibTeX that reference tools accept: every researcher's file, read by bibtexparser and pybtex."""

import logging
import re
import warnings

import bibtexparser
import pybtex.errors
import pytest
from pybtex.database.input.bibtex import Parser

from ingest.pipeline import import_file
from ingest.samples import sample_files
from papers.bibtex import unique_keys
from profiles.models import Author
from profiles.views import works_bibtex

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_pybtex():
    """pybtex raises on what it would otherwise only warn about (a bad name, a repeated key)."""
    pybtex.errors.set_strict_mode(True)
    yield
    pybtex.errors.set_strict_mode(False)


def read_cleanly(bib: str, *, names: bool = True) -> list[str]:
    """The keys of ``bib`` as both libraries read them; a warning or an unread block fails.

    ``names=False`` leaves pybtex's reading of author names out (the structure,
    fields and keys are still read): a collaboration's 700 names take it ~0.3 s.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        library = bibtexparser.parse_string(bib)
        data = (Parser() if names else Parser(person_fields=())).parse_string(bib)
    assert library.failed_blocks == [], [b.error for b in library.failed_blocks]
    keys = [entry.key for entry in library.entries]
    assert list(data.entries) == keys
    if names:
        assert all(entry.persons["author"] for entry in data.entries.values())
    return keys


@pytest.mark.scale
def test_every_researchers_file_reads_without_a_warning_and_repeats_no_key(
    samples, client, rf, strict_pybtex, caplog
):
    for path in sample_files():
        import_file(path)
    caplog.set_level(logging.WARNING)
    # The view itself, without the middleware around it (which adds nothing to a .bib and
    # took half a minute over 8,000 files); one file goes through the whole stack below.
    files = {
        author.slug: (author.works_count, works_bibtex(rf.get("/"), slug=author.slug))
        for author in Author.objects.filter(works_count__gt=0)
    }
    assert len(files) > 1000
    keys_of = {}
    for slug, (works, response) in files.items():
        assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
        keys_of[slug] = read_cleanly(response.content.decode(), names=False)
        assert len(keys_of[slug]) == len(set(keys_of[slug])) == works, slug
    # Each entry's names once: the same collaboration paper is in hundreds of files.
    entries = {
        entry
        for _, response in files.values()
        for entry in re.split(r"\n(?=@)", response.content.decode())
    }
    for entry in entries:
        read_cleanly(entry)
    assert [r.getMessage() for r in caplog.records if r.name.startswith(("bibtex", "pybtex"))] == []

    gagie = client.get("/researchers/travis-gagie/works.bib").content.decode()
    assert {"gagie2022space", "gagie2022spacea"} <= set(read_cleanly(gagie))
    # "LHCb collaboration" heads some bylines; their keys are the first person's.
    assert not any("collaboration" in key for keys in keys_of.values() for key in keys)


def test_repeated_keys_take_a_b_in_arxiv_order_and_never_another_papers_key():
    keyed = [("2202.00002", "k"), ("2201.00001", "k"), ("2203.00003", "ka"), ("2204.00004", "k")]
    # The oldest keeps "k"; "ka" is another paper's own key, so the next are "kb", "kc".
    assert unique_keys(keyed) == ["kb", "k", "ka", "kc"]
