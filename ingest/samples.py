"""The recorded arXiv responses in settings.ARXIV_SAMPLES_DIR, ready for the real ingest path.

The files are read in place (they come from other public repositories and are
never copied into this project); ``ingest.pipeline.read_saved_response`` reads
each one as arXiv sent it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings


def samples_dir() -> Path | None:
    path = Path(settings.ARXIV_SAMPLES_DIR)
    return path if path.is_dir() else None


def sample_files(kind: str | None = None) -> Iterator[Path]:
    """Every recorded response file (api/, rss/, oai/), schemas excluded, in a stable order."""
    root = samples_dir()
    if root is None:
        return
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".xml", ".json") or "schemas" in path.parts:
            continue
        if kind is None or path.relative_to(root).parts[0] == kind:
            yield path
