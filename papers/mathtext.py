"""arXiv text with LaTeX in it ("$3.98\\times$ faster") as safe HTML with MathML.

Text outside math is escaped. Math goes through latex2mathml, whose output is
not safe on its own (``\\text{<script>}`` comes back as a raw ``<script>``,
``\\href`` as an attribute), so the MathML is re-parsed and rebuilt from an
allowlist of MathML elements and attributes; anything else, or LaTeX that
latex2mathml cannot read, falls back to the escaped source, dollars included.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.etree import ElementTree

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from latex2mathml.converter import convert

MATHML = "{http://www.w3.org/1998/Math/MathML}"
_ELEMENTS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup",
    "mfrac", "msqrt", "mroot", "mstyle", "mover", "munder", "munderover", "mtable", "mtr",
    "mtd", "menclose", "mpadded", "mphantom", "merror", "semantics", "annotation",
}  # fmt: skip
_ATTRIBUTES = {
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "accent",
    "accentunder", "linethickness", "columnalign", "rowspacing", "columnspacing", "width",
    "height", "depth", "notation", "movablelimits", "displaystyle", "scriptlevel", "minsize",
    "maxsize", "symmetric", "largeop", "form", "encoding",
}  # fmt: skip
# $$display$$ or $inline$, not preceded by a backslash (\$ is a dollar sign). BibTeX export
# (papers.bibtex_text) keeps the same segments verbatim.
MATH = re.compile(r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$|(?<!\\)\$(?P<inline>[^$]+?)(?<!\\)\$")
# LaTeX escapes that mean plain characters in running text ("75.0\%").
_TEXT_ESCAPES = re.compile(r"\\([%&$_#{}])")
_MAX_FORMULA = 500  # longer "formulas" are almost always an unbalanced dollar


class UnsafeMathML(ValueError):
    """latex2mathml produced something outside the MathML allowlist."""


@lru_cache(maxsize=8192)
def render(text: str) -> SafeString:
    """Escaped text with every well-formed ``$...$`` rendered as MathML."""
    if not text:
        return mark_safe("")
    if "$" not in text:
        return mark_safe(_plain(text))
    out, position = [], 0
    for match in MATH.finditer(text):
        out.append(_plain(text[position : match.start()]))
        latex = match.group("display") or match.group("inline")
        out.append(_formula(latex, display=bool(match.group("display"))) or escape(match.group()))
        position = match.end()
    out.append(_plain(text[position:]))
    return mark_safe("".join(out))


def _plain(text: str) -> str:
    return escape(_TEXT_ESCAPES.sub(r"\1", text))


def _formula(latex: str, *, display: bool) -> str:
    if len(latex) > _MAX_FORMULA:
        return ""
    # Angle brackets and ampersands reach MathML as operators, never as markup.
    source = latex.replace("&", r"\&").replace("<", r"\lt ").replace(">", r"\gt ")
    try:
        mathml = convert(source, display="block" if display else "inline")
        return _rebuild(ElementTree.fromstring(mathml))
    except Exception:  # noqa: BLE001 - any failure of a third-party parser means "show the source"
        return ""


def _rebuild(element) -> str:
    name = element.tag.removeprefix(MATHML)
    if name not in _ELEMENTS:
        raise UnsafeMathML(name)
    attributes = "".join(
        f' {key}="{escape(value)}"' for key, value in element.attrib.items() if key in _ATTRIBUTES
    )
    if name == "math":
        attributes = f' xmlns="http://www.w3.org/1998/Math/MathML"{attributes}'
    inner = escape(element.text or "") + "".join(
        _rebuild(child) + escape(child.tail or "") for child in element
    )
    return f"<{name}{attributes}>{inner}</{name}>"


# The fields pages print through render(), each with the stored HTML beside it (Paper.*_html).
STORED = {"title": "title_html", "abstract": "abstract_html", "comment": "comment_html"}


def render_stored(text: str) -> str:
    """One text's stored HTML, as ingest and Paper.save() keep it."""
    return str(render(text or ""))


def stored_html(title: str, abstract: str, comment: str) -> tuple[str, str, str]:
    """(title_html, abstract_html, comment_html) as ingest stores them."""
    return render_stored(title), render_stored(abstract), render_stored(comment)


# Papers whose stored HTML is missing (stored before it existed), or every paper after ``id``.
_MISSING = (
    "SELECT id, title, abstract, comment FROM papers_paper WHERE id > %s"
    " AND (title_html = '' AND title <> '' OR abstract_html = '' AND abstract <> ''"
    " OR comment_html = '' AND comment <> '') ORDER BY id LIMIT %s"
)
_EVERY = "SELECT id, title, abstract, comment FROM papers_paper WHERE id > %s ORDER BY id LIMIT %s"


def fill_missing_html(batch: int, *, after: int = 0, every: bool = False) -> int:
    """Render and store the HTML of up to ``batch`` papers; the last id done (0: none left)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_EVERY if every else _MISSING, [after, batch])
        rows = cursor.fetchall()
        if not rows:
            return 0
        html = [stored_html(title, abstract, comment) for _, title, abstract, comment in rows]
        cursor.execute(
            "UPDATE papers_paper p SET title_html = h.t, abstract_html = h.a, comment_html = h.c"
            " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS h(id, t, a, c)"
            " WHERE p.id = h.id",
            [[r[0] for r in rows], *(list(column) for column in zip(*html, strict=True))],
        )
    return rows[-1][0]
