"""Institutions for bench/synth.py: ~390 names with their countries, accented ones included.

The lists are data, in ``bench/data/institutions.json``: famous institutions (they host
more labs), cities with the pattern of their university's name, and departments that
print as affiliations of their own ("Department of Physics, University of Oxford").
"""

from __future__ import annotations

import json
from pathlib import Path

_DATA = json.loads(
    (Path(__file__).parent / "data" / "institutions.json").read_text(encoding="utf-8")
)

FAMOUS_INSTITUTIONS: list[tuple[str, str]] = [(name, country) for name, country in _DATA["famous"]]
# (city, country, pattern of the university's name)
CITIES: list[tuple[str, str, str]] = [tuple(row) for row in _DATA["cities"]]
DEPARTMENTS: list[str] = _DATA["departments"]


def institutions() -> list[tuple[str, str]]:
    """Every institution name with its country; the famous ones first (they host more labs)."""
    rows = list(FAMOUS_INSTITUTIONS)
    for city, country, pattern in CITIES:
        rows.append((pattern.format(city), country))
    # Departments of the famous ones print as separate affiliations ("Department of
    # Physics, University of Oxford"): each folds to its own Institution row, as in the app.
    for i, (name, country) in enumerate(FAMOUS_INSTITUTIONS[:60]):
        for dept in DEPARTMENTS[i % 4 :: 4]:
            rows.append((f"{dept}, {name}", country))
    return rows
