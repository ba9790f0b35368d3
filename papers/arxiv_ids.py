"""arXiv identifiers: '2202.12139', 'math.CO/0601001', with or without 'v2' or a URL around them."""

from __future__ import annotations

import re

ARXIV_ID = re.compile(
    r"(?P<id>[a-z][a-z\-]*(?:\.[A-Za-z\-]{2,})?/\d{7}|\d{4}\.\d{4,5})(?:v(?P<version>\d+))?"
)


def find_arxiv_id(text: str) -> tuple[str, int | None] | None:
    """'http://arxiv.org/abs/2202.12139v2' -> ('2202.12139', 2); None when there is no id."""
    match = ARXIV_ID.search(text or "")
    if not match:
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None
