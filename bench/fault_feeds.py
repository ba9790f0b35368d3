"""The hostile-feed corpus of bench/faults.py: mutations of recorded arXiv responses.

Each mutation is a file written next to the others in a temporary folder, with
what a careful importer must do with it: fail the run with a message (or store
what is sound), in bounded time and memory.
"""

from __future__ import annotations

import gzip
from pathlib import Path

TEN_MB = 10 * 1024 * 1024
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
              for i in range(1, 10))
    + "]>"
)  # fmt: skip


def _with_doctype(body: str, doctype: str, entity: str, tag: str) -> str:
    """``doctype`` after the XML declaration (or at the top), ``entity`` in the first ``tag``."""
    if body.startswith("<?xml"):
        decl, rest = body.split("?>", 1)
        body = f"{decl}?>{doctype}{rest}"
    else:
        body = doctype + body
    open_tag = f"<{tag}>"
    at = body.index(open_tag) + len(open_tag)
    return body[:at] + entity + body[at:]


ACCENTED_NAMES = "Jürgen Müller, Zoë Ångström, "  # Latin-1 letters: the charset cases lose nothing


def accented(rss_body: str) -> str:
    """The listing with accented names in its first byline: what a wrong charset would garble."""
    return rss_body.replace("<dc:creator>", "<dc:creator>" + ACCENTED_NAMES, 1)


def accented_listing(rss: Path, into: Path) -> Path:
    """The accented listing as it should be (UTF-8, declared so): the charset cases' reference."""
    path = into / "accented_listing.xml"
    path.write_text(accented(rss.read_text()), encoding="utf-8")
    return path


def mutations(rss: Path, oai: Path, into: Path) -> list[tuple[str, Path]]:
    """(what, file) for every hostile case, written under ``into``."""
    rss_body, oai_body = rss.read_text(), oai.read_text()
    cases: list[tuple[str, str | bytes]] = [
        ("RSS: billion laughs", _with_doctype(rss_body, LAUGHS, "&lol9;", "title")),
        ("OAI: billion laughs", _with_doctype(oai_body, LAUGHS, "&lol9;", "dc:title")),
        (
            "RSS: external entity (file:///etc/passwd)",
            _with_doctype(
                rss_body, '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;", "title"
            ),
        ),
        ("RSS: 10 MB name", rss_body.replace("<dc:creator>", "<dc:creator>" + "A" * TEN_MB, 1)),
        (
            "OAI: 10 MB name",
            oai_body.replace("<dc:creator>", "<dc:creator>" + "Ab " * (TEN_MB // 3), 1),
        ),
        (
            "RSS: 100,000 nested elements",
            rss_body.replace("<item>", "<item>" + "<x>" * 100_000 + "</x>" * 100_000, 1),
        ),
        (
            "OAI: 100,000 nested elements",
            oai_body.replace("<dc:title>", "<dc:title>" + "<x>" * 100_000 + "</x>" * 100_000, 1),
        ),
        ("RSS: truncated gzip", gzip.compress(rss_body.encode())[:2000]),
        ("OAI: truncated gzip", gzip.compress(oai_body.encode())[: len(oai_body) // 20]),
        ("OAI: truncated mid-record", oai_body[: len(oai_body) // 2]),
        (
            "RSS: Latin-1 bytes declared UTF-8",
            ('<?xml version="1.0" encoding="UTF-8"?>\n' + accented(rss_body)).encode("latin-1"),
        ),
        (
            "OAI: declared UTF-16, UTF-8 inside",
            oai_body.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1),
        ),
        (
            "RSS: UTF-8 declared windows-1252",
            '<?xml version="1.0" encoding="windows-1252"?>\n' + accented(rss_body),
        ),
    ]
    written = []
    for index, (what, body) in enumerate(cases):
        path = into / f"hostile_{index:02d}.xml"
        path.write_bytes(body if isinstance(body, bytes) else body.encode())
        written.append((what, path))
    return written
