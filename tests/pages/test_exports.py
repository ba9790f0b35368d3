"""What machines read: the Atom feed, BibTeX, Highwire meta tags, JSON-LD and the sitemap."""

import json
import re

import feedparser
import pytest
from lxml import etree

from ingest.records import AuthorRecord
from profiles.models import Author
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(ingest):
    ingest(
        api_feed(
            [
                make_record(1, doi="10.1000/one"),
                make_record(2, journal_ref="Nature 600, 1 (2026)"),
                make_record(3, title='Quotes "and" braces {x} & 100% <b>bold</b>'),
            ]
        )
    )
    return Author.objects.get(display_name="Ada Lovelace")


def _jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_works_feed_is_valid_atom_with_every_work(client, library):
    response = client.get(f"/researchers/{library.slug}/works.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "atom10"
    assert feed.feed.title == "Ada Lovelace: new works on Peerfolio"
    assert [e.title for e in feed.entries][:2] == [
        'Quotes "and" braces {x} & 100% <b>bold</b>',
        "Sparse Attention for Graph Learning, Part 2",
    ]
    assert feed.entries[0].link.endswith("/papers/2601.00003/")


def test_bibtex_of_a_researcher_and_of_a_paper(client, library):
    bib = client.get(f"/researchers/{library.slug}/works.bib").content.decode()
    assert bib.count("\n@") + bib.startswith("@") == 3
    assert "@article{" in bib and "journal = {Nature 600, 1 (2026)}" in bib
    assert "eprint = {2601.00001}" in bib and "doi = {10.1000/one}" in bib
    assert "author = {Jürgen Müller and Ada Lovelace and Chen Li}" in bib
    assert r"braces {x} \& 100\%" in bib  # BibTeX specials escaped, balanced braces kept
    assert bib.count("{") == bib.count("}")  # BibTeX counts every brace, escaped or not

    one = client.get("/papers/2601.00001/bibtex/").content.decode()
    assert one.startswith("@misc{muller2026sparse,")


def test_paper_page_has_highwire_tags_and_scholarly_article_jsonld(client, library):
    html = client.get("/papers/2601.00001/").content.decode()
    assert (
        '<meta name="citation_title" content="Sparse Attention for Graph Learning, Part 1">' in html
    )
    assert re.findall(r'name="citation_author" content="([^"]+)"', html) == [
        "Jürgen Müller", "Ada Lovelace", "Chen Li",
    ]  # fmt: skip
    assert '<meta name="citation_arxiv_id" content="2601.00001">' in html
    assert '<meta name="citation_pdf_url" content="https://arxiv.org/pdf/2601.00001v1">' in html
    assert '<meta name="citation_doi" content="10.1000/one">' in html
    article = _jsonld(html)
    assert article["@type"] == "ScholarlyArticle" and article["identifier"] == "arXiv:2601.00001v1"
    assert [a["name"] for a in article["author"]] == ["Jürgen Müller", "Ada Lovelace", "Chen Li"]
    assert article["author"][1]["url"].endswith(library.get_absolute_url())


def test_jsonld_cannot_be_broken_out_of_by_feed_text(client, library):
    html = client.get("/papers/2601.00003/").content.decode()
    article = _jsonld(html)
    assert article["name"] == 'Quotes "and" braces {x} & 100% <b>bold</b>'


def test_profile_has_person_jsonld(client, library):
    person = _jsonld(client.get(library.get_absolute_url()).content.decode())
    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Ada Lovelace",
        "url": f"http://testserver{library.get_absolute_url()}",
    }


def test_sitemap_lists_profiles_and_papers(client, library, ingest):
    ingest(api_feed([make_record(9, authors=[AuthorRecord("Solo Author")])]))
    index = etree.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter("{*}loc")]
    assert sections == [
        "http://testserver/sitemap-researchers.xml",
        "http://testserver/sitemap-papers.xml",
    ]
    people = client.get("/sitemap-researchers.xml").content.decode()
    papers = client.get("/sitemap-papers.xml").content.decode()
    assert f"http://testserver{library.get_absolute_url()}" in people
    assert people.count("<url>") == Author.objects.count() == 4
    assert papers.count("<url>") == 4 and "/papers/2601.00009/" in papers
