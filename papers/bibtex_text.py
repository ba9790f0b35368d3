"""Text as a BibTeX field value: TeX math kept as written, the rest made safe for BibTeX.

arXiv titles are TeX already ("$\\sqrt{n}$-approximation", "Schr\\"odinger"), so
they are not escaped wholesale. A formula (a ``papers.mathtext.MATH`` segment,
the same ones the pages render) passes verbatim when it is well-formed: its
braces balance and it has no bare ``%``, ``#`` or ``&``. Outside formulas only
what a BibTeX reader or LaTeX would take for syntax changes:

- ``&``, ``%``, ``#`` and a ``$`` that opens no formula become ``\\&``, ``\\%``,
  ``\\#``, ``\\$`` (a pair already escaped is left alone);
- a brace without its partner becomes ``\\textbraceleft{}`` / ``\\textbraceright{}``.
  BibTeX counts every brace, escaped or not, to find where a value ends, so
  ``\\{`` alone would still end the field early or swallow the next one;
- a backslash ending the text becomes ``\\textbackslash{}`` (it would escape the
  closing brace for LaTeX).
"""

from __future__ import annotations

import re

from papers.mathtext import MATH

# A TeX escape pair (kept), a brace (balanced below), a special (escaped), or a plain run.
_TEXT_TOKEN = re.compile(r"\\[{}]|\\.|\\$|[{}]|[&%#$]|[^\\{}&%#$]+", re.S)
_ESCAPED = {"&": r"\&", "%": r"\%", "#": r"\#", "$": r"\$", "\\": r"\textbackslash{}"}
_UNMATCHED = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_BARE_SPECIAL = re.compile(r"(?<!\\)[%#&]")


def field_text(text: str) -> str:
    """``text`` (whitespace collapsed) as a BibTeX field value with balanced braces."""
    text = " ".join((text or "").split())
    tokens: list[str] = []
    math_at: set[int] = set()  # positions of verbatim formulas among the tokens
    position = 0
    for match in MATH.finditer(text):
        if not is_well_formed_math(match.group()):
            continue  # read as text, with its dollars escaped
        tokens += _text_tokens(text[position : match.start()])
        math_at.add(len(tokens))
        tokens.append(match.group())
        position = match.end()
    tokens += _text_tokens(text[position:])
    return "".join(_balance(tokens, math_at))


def is_well_formed_math(segment: str) -> bool:
    """A formula BibTeX and LaTeX read as written: balanced braces, no bare % # &."""
    return _braces_balance(segment) and not _BARE_SPECIAL.search(segment)


def _text_tokens(text: str) -> list[str]:
    return [_ESCAPED.get(token, token) for token in _TEXT_TOKEN.findall(text)]


def _balance(tokens: list[str], math_at: set[int]) -> list[str]:
    """Pair the text's braces across formulas; a brace left without a partner is spelled out."""
    opened: list[int] = []
    unmatched: list[int] = []
    for index, token in enumerate(tokens):
        if index in math_at:
            continue
        if token in ("{", r"\{"):
            opened.append(index)
        elif token in ("}", r"\}"):
            if opened:
                opened.pop()
            else:
                unmatched.append(index)
    for index in unmatched + opened:
        tokens[index] = _UNMATCHED[tokens[index][-1]]
    return tokens


def _braces_balance(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
