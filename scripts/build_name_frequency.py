"""Write core/data/chinese_name_frequency.json from sinonym's ORCID-derived name tables.

    python -m venv /tmp/names && /tmp/names/bin/pip install sinonym==0.5.1 pypinyin==0.55.0
    /tmp/names/bin/python scripts/build_name_frequency.py

sinonym (Apache-2.0) pins pydantic<2, which django-ninja can't share, so the project reads
this derived table instead of the package. Surname characters become toneless pinyin
(pypinyin), given-name characters are summed by toneless syllable; shares are fractions.
"""

from __future__ import annotations

import csv
import io
import json
import re
from importlib import metadata, resources
from pathlib import Path

from pypinyin import Style, lazy_pinyin

OUT = Path(__file__).resolve().parent.parent / "core" / "data" / "chinese_name_frequency.json"


def rows(data, name):
    return csv.DictReader(io.StringIO((data / name).read_text(encoding="utf-8")))


def main() -> None:
    data = resources.files("sinonym") / "data"
    families: dict[str, float] = {}
    for row in rows(data, "familyname_orcid.csv"):
        spelled = "".join(lazy_pinyin(row["surname"], style=Style.NORMAL)).replace("ü", "v")
        families[spelled] = families.get(spelled, 0.0) + float(row["ppm"]) / 1e6
    # Cantonese, Wade-Giles and Hokkien spellings ("Wong", "Cheung", "Hsu").
    for row in rows(data, "surname_romanizations.csv"):
        families.setdefault(row["spelling"], float(row["surname_ppm_as_written"]) / 1e6)
    syllables: dict[str, float] = {}
    for row in rows(data, "givenname_orcid.csv"):
        syllable = re.sub(r"\d", "", row["pinyin"]).replace("ü", "v")
        syllables[syllable] = syllables.get(syllable, 0.0) + float(row["ppm"])
    total = sum(syllables.values())
    table = {
        "source": f"sinonym {metadata.version('sinonym')} (Apache-2.0): familyname_orcid.csv, "
        "surname_romanizations.csv, givenname_orcid.csv; pinyin by pypinyin; derived by "
        "scripts/build_name_frequency.py",
        "family": {k: round(v, 8) for k, v in sorted(families.items())},
        "given_syllable": {k: round(v / total, 8) for k, v in sorted(syllables.items())},
    }
    OUT.write_text(json.dumps(table, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(families)} family names, {len(syllables)} given syllables")


if __name__ == "__main__":
    main()
