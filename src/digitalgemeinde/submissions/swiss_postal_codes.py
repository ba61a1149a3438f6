"""Swiss postal codes and their places, from the list shipped in ``data/postal_codes.csv``.

The list, its date, source and licence: ``data/README.md``; ``scripts/postal_codes.py``
rebuilds it. Liechtenstein's codes (94xx, in Swiss Post's directory) count as known too.
"""

import csv
import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "postal_codes.csv"
CODE = re.compile(r"[0-9]{4}")


@cache
def directory() -> dict[str, tuple[str, ...]]:
    """``{code: (place, …)}``, the places of each code in the list's order (by name)."""
    places: dict[str, list[str]] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = places.setdefault(row["code"], [])
            if row["place"] not in names:
                names.append(row["place"])
    return {code: tuple(names) for code, names in places.items()}


def clean(value) -> str:
    """The code as typed, without surrounding spaces (and "CH-" / "FL-" in front)."""
    text = str(value or "").strip().upper()
    for prefix in ("CH-", "CH ", "FL-", "LI-"):
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def is_well_formed(code: str) -> bool:
    return CODE.fullmatch(code) is not None


def places(code) -> tuple[str, ...]:
    """The places of a postal code; () for an unknown or malformed one."""
    code = clean(code)
    return directory().get(code, ()) if is_well_formed(code) else ()
