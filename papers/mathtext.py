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

from core.names import decode_tex

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
# $$display$$ or $inline$, not preceded by a backslash (\$ is a dollar sign), and LaTeX's
# \[display\] and \(inline\). BibTeX export (papers.bibtex_text) keeps the same segments
# verbatim.
MATH = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$|(?<!\\)\$(?P<inline>[^$]+?)(?<!\\)\$"
    r"|(?<!\\)\\\[(?P<bracketed>.+?)\\\]|(?<!\\)\\\((?P<parenthesised>.+?)\\\)"
)
_MATH_MARKS = ("$", "\\[", "\\(")
# LaTeX escapes that mean plain characters in running text ("75.0\%").
_TEXT_ESCAPES = re.compile(r"\\([%&$_#{}])")
# Accented letters in running text ("Lipt\'ak", "\v{s}", "\ss"): a symbol accent takes the
# next letter; a letter accent (\u, \v, \c, ...) only a braced or spaced one, so "\url"
# stays as printed; the letters \o, \ss, \aa, ... only when no letter follows (and, as in
# TeX, with the space after them: "Stra\ss e" is "Straße"). Braces
# left round one decoded letter ("{\"u}") go after.
_TEX_ACCENT = re.compile(
    r"\\(?:[`'^\"~=.]\s*(?:\{[A-Za-z]\}|[A-Za-z]|\\[ij](?![A-Za-z]))"
    r"|[uvHcdbkr](?:\{[A-Za-z]\}|\s+[A-Za-z])"
    r"|(?:ss|aa|AA|ae|AE|oe|OE|o|O|l|L)(?![A-Za-z])(?:\s+(?=[A-Za-z]))?)"
)
_BRACED_LETTER = re.compile(r"\{([^\x00-\x7f])\}")
# Emphasis as printed: "\emph{new}", "{\em new}", "\textbf{all}"; other text styles
# (small capitals, typewriter) print their words plainly.
_TEX_STYLE = re.compile(
    r"\\(?P<command>emph|textit|textbf|textsl|textsc|texttt|textrm|textsf)\{(?P<inner>[^{}$\\]*)\}"
    r"|\{\\(?P<switch>em|it|bf|sl|sc|tt|rm|sf)\s+(?P<inner_old>[^{}$\\]*)\}"
)
_STYLE_TAGS = {
    "emph": "em", "textit": "em", "textsl": "em", "em": "em", "it": "em", "sl": "em",
    "textbf": "strong", "bf": "strong",
}  # fmt: skip
# "pages 3--7" and "a -- b" are en dashes ("---" an em dash); ``quoted'' has curly quotes.
_EN_DASH = re.compile(r"(?<=\d)--(?=\d)|(?<= )--(?= )")
_TEX_QUOTES = re.compile(r"``([^`']{1,200})''")
_MAX_FORMULA = 500  # longer "formulas" are almost always an unbalanced dollar


class UnsafeMathML(ValueError):
    """latex2mathml produced something outside the MathML allowlist."""


@lru_cache(maxsize=8192)
def render(text: str) -> SafeString:
    """Escaped text with every well-formed ``$...$`` (``$$...$$``, ``\\[...\\]``, ``\\(...\\)``)
    rendered as MathML."""
    if not text:
        return mark_safe("")
    if not any(mark in text for mark in _MATH_MARKS):
        return mark_safe(_plain(text))
    out, position = [], 0
    for match in MATH.finditer(text):
        out.append(_plain(text[position : match.start()]))
        display = match.group("display") or match.group("bracketed")
        latex = display or match.group("inline") or match.group("parenthesised")
        out.append(_formula(latex, display=bool(display)) or escape(match.group()))
        position = match.end()
    out.append(_plain(text[position:]))
    return mark_safe("".join(out))


def _plain(text: str) -> str:
    if "\\" not in text:
        return _escaped(text)
    text = _BRACED_LETTER.sub(r"\1", _TEX_ACCENT.sub(_accented, text))
    out, position = [], 0
    for match in _TEX_STYLE.finditer(text):
        out.append(_escaped(text[position : match.start()]))
        inner = _escaped(match.group("inner") or match.group("inner_old") or "")
        tag = _STYLE_TAGS.get(match.group("command") or match.group("switch"))
        out.append(f"<{tag}>{inner}</{tag}>" if tag else inner)
        position = match.end()
    out.append(_escaped(text[position:]))
    return "".join(out)


def _escaped(text: str) -> str:
    """Running text: TeX's typing conventions as characters, then HTML-escaped."""
    text = _TEXT_ESCAPES.sub(r"\1", text)
    if "-" in text or "`" in text or "\\" in text:
        text = text.replace("---", "\u2014").replace("\\ ", " ")
        text = _EN_DASH.sub("\u2013", _TEX_QUOTES.sub("\u201c\\1\u201d", text))
    return escape(text)


def _accented(match: re.Match) -> str:
    decoded = decode_tex(match.group())
    return decoded if decoded and "\\" not in decoded else match.group()


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
# Papers with TeX in their text (a backslash, dashes, ``quotes''): what a change to the
# TeX handling can alter.
_WITH_TEX = (
    "SELECT id, title, abstract, comment FROM papers_paper WHERE id > %s"
    " AND (title || abstract || comment) ~ '[\\\\]|--|``' ORDER BY id LIMIT %s"
)
# Papers with \\[display\\] or \\(inline\\) math, which was printed as TeX before it was read.
_WITH_BRACKETED_MATH = (
    "SELECT id, title, abstract, comment FROM papers_paper WHERE id > %s"
    " AND (title || abstract || comment) ~ '\\\\[[(]' ORDER BY id LIMIT %s"
)
SELECTIONS = {
    "missing": _MISSING,
    "every": _EVERY,
    "tex": _WITH_TEX,
    "bracketed": _WITH_BRACKETED_MATH,
}


def fill_html(batch: int, which: str = "missing") -> int:
    """Render and store the HTML of the papers ``which`` names, a transaction per batch.

    Not one transaction: a run stopped halfway keeps its batches, and "missing" resumes.
    Returns how many batches were written.
    """
    from django.db import transaction

    from core import pagecache

    done, after = 0, 0
    while True:
        with transaction.atomic():
            after = fill_missing_html(batch, after=after, which=which)
        if not after:
            if done:
                pagecache.bump()  # raw SQL is past the page cache's statement watch
            return done
        done += 1


def fill_missing_html(batch: int, *, after: int = 0, which: str = "missing") -> int:
    """Render and store the HTML of up to ``batch`` papers; the last id done (0: none left)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SELECTIONS[which], [after, batch])
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
