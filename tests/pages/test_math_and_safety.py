"""LaTeX in feed text renders as MathML; HTML in feed text stays inert text, math or not."""

import re

import pytest

from papers import mathtext
from papers.mathtext import render
from tests.feedgen import api_feed, make_record

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    r"$\text{<script>alert(1)</script>}$",
    r"$\href{javascript:alert(1)}{click}$",
    r"$x</math><script>alert(1)</script>$",
    "$<svg onload=alert(1)>$",
]


def test_inline_math_becomes_mathml():
    html = render(r"up to $3.98\times$ faster and $\mathbf{1.8\times}$ smaller")
    assert html.count("<math") == 2
    assert "<mn>3.98</mn><mo>×</mo>" in html
    assert 'mathvariant="bold"' in html


def test_text_escapes_become_characters_and_lone_dollars_stay():
    assert render(r"75.0\% pass@1 and \$5") == "75.0% pass@1 and $5"
    assert render("costs $ 5") == "costs $ 5"


def test_unreadable_latex_falls_back_to_its_escaped_source():
    html = render(r"broken $\frac{a}{$ here")
    assert "<math" not in html or "frac" not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_feed_text_never_becomes_markup(payload):
    html = render(f"Title {payload} end")
    tags = re.findall(r"<\s*/?\s*([a-zA-Z][\w:-]*)([^>]*)>", html)
    assert {name for name, _ in tags} <= mathtext._ELEMENTS
    attributes = " ".join(attrs for _, attrs in tags).lower()
    assert "href" not in attributes and "on" not in re.findall(r"\b(on)\w+=", attributes)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_pages_render_payloads_from_a_feed_as_text(client, ingest, payload):
    ingest(api_feed([make_record(1, title=f"Attack {payload}", abstract=f"Abstract {payload}")]))
    for url in ["/", "/papers/2601.00001/"]:
        html = client.get(url).content.decode().lower()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "<svg onload" not in html and 'href="javascript' not in html, url


@pytest.mark.django_db
def test_math_in_titles_renders_on_pages(client, ingest):
    ingest(api_feed([make_record(1, title=r"A $3.98\times$ Speedup")]))
    html = client.get("/papers/2601.00001/").content.decode()
    assert "<h1>A <math" in html and "<mn>3.98</mn>" in html
