"""LaTeX in feed text renders as MathML; HTML in feed text stays inert text, math or not."""

import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def test_latex_bracketed_display_and_parenthesised_inline_math_become_mathml():
    html = render(r"show \[\tilde\Theta\left(\frac{\sqrt{n}}{\varepsilon^2}\right),\] and \(x^2\).")
    assert html.count("<math") == 2
    assert 'display="block"' in html and 'display="inline"' in html
    assert "\\[" not in html and "\\frac" not in html
    assert render(r"an unclosed \[x") == r"an unclosed \[x"


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


@pytest.mark.parametrize(
    ("printed", "shown"),
    [
        (r"Fici and Lipt\'ak [TCS 2007]", "Fici and Lipták [TCS 2007]"),
        (r"M{\"u}ller, \v{S}imon and Erd\H{o}s", "Müller, Šimon and Erdős"),
        (r"Stra\ss e, \c c and {\o}", "Straße, ç and ø"),
    ],
)
def test_tex_accents_in_running_text_become_letters(printed, shown):
    assert render(printed) == shown


def test_tex_emphasis_dashes_and_quotes_in_running_text_print_as_typeset():
    assert render(r"{\em d-dimensional} and \emph{new}, \textbf{a<b}") == (
        "<em>d-dimensional</em> and <em>new</em>, <strong>a&lt;b</strong>"
    )
    assert render(r"Bubble-Flip---A pages 3--7, a -- b, \texttt{--help}") == (
        "Bubble-Flip\u2014A pages 3\u20137, a \u2013 b, --help"
    )
    assert render(r"et al.\ (2022) call it ``fast''") == "et al. (2022) call it \u201cfast\u201d"


def test_other_tex_commands_and_math_stay_as_printed():
    assert render(r"see \url{x}, \omega and \cite{y}") == r"see \url{x}, \omega and \cite{y}"
    assert "<math" in render(r"$\ddot{a}$ and Lipt\'ak")


@given(st.text(alphabet=st.sampled_from(list("\\{}'\"`^~=.uvHcoslaA <>&$ ")), max_size=40))
def test_any_backslashes_and_braces_render_without_markup(text):
    tags = re.findall(r"<\s*/?\s*([a-zA-Z][\w:-]*)", render(text))
    assert set(tags) <= mathtext._ELEMENTS | {"em", "strong"}


@pytest.mark.django_db
def test_accented_names_in_abstracts_show_as_letters_on_the_paper_page(client, ingest):
    ingest(api_feed([make_record(1, abstract=r"Defined by Mantaci et al. and Lipt\'ak.")]))
    html = client.get("/papers/2601.00001/").content.decode()
    assert "Lipták" in html and r"Lipt\'ak" not in html


@pytest.mark.django_db
def test_render_math_renders_stored_html_again(ingest):
    from django.core.management import call_command

    from papers.mathtext import fill_html
    from papers.models import Paper

    ingest(api_feed([make_record(1, abstract=r"By Lipt\'ak."), make_record(2, abstract="Plain.")]))
    Paper.objects.update(abstract_html="stale")  # as stored by an older renderer
    assert fill_html(1, "tex") == 1  # only the paper with TeX in it
    assert dict(Paper.objects.values_list("abstract", "abstract_html")) == {
        r"By Lipt\'ak.": "By Lipták.",
        "Plain.": "stale",
    }
    call_command("render_math", "--all", stdout=io.StringIO())
    assert Paper.objects.get(abstract="Plain.").abstract_html == "Plain."
