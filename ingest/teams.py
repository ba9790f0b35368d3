"""Which large collaboration a crowded byline is: MinHash bands of its names.

Two LHCb papers share most of their 700 names; an LHCb paper and an ATLAS one share
almost none. A crowded byline (over ``graph.models.MAX_AUTHORS_FOR_EDGES`` names, whose
co-authors are never stored as edges) is summed up in ``BANDS`` numbers, each a hash of
``ROWS`` min-hashes of its folded names: two bylines with Jaccard overlap J share a band
with probability 1 - (1 - J**ROWS) ** BANDS, 0.997 at J = 0.7 and 0.003 at J = 0.02.
An author keeps the bands of the crowded papers they were matched on
(``ingest.models.AuthorTeams``), so "J. Wang" of the next LHCb paper finds the LHCb
"J. Wang" without reading a single earlier byline.
"""

from __future__ import annotations

import random
from hashlib import blake2b

from graph.models import MAX_AUTHORS_FOR_EDGES

BANDS = 8
ROWS = 2
MAX_KEPT = 128  # bands an author keeps: rosters drift over the years, slowly
_PRIME = (1 << 61) - 1
_rng = random.Random(61)  # fixed: bands must be the same in every process, every year
_COEFFICIENTS = [(_rng.randrange(1, _PRIME), _rng.randrange(_PRIME)) for _ in range(BANDS * ROWS)]


def team_bands(names) -> list[int]:
    """The bands of a byline's folded person names; [] unless the byline is crowded."""
    hashes = {_hash(name.encode()) % _PRIME for name in names if name}
    if len(hashes) <= MAX_AUTHORS_FOR_EDGES:
        return []
    minima = [min((a * h + b) % _PRIME for h in hashes) for a, b in _COEFFICIENTS]
    return [
        int.from_bytes(
            blake2b(
                repr((band, minima[band * ROWS : (band + 1) * ROWS])).encode(), digest_size=8
            ).digest(),
            "big",
            signed=True,
        )
        for band in range(BANDS)
    ]


def _hash(data: bytes) -> int:
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "big")
