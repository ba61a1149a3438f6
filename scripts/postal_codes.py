"""Rebuild src/digitalgemeinde/data/postal_codes.csv, the Swiss postal codes and their places.

    python scripts/postal_codes.py                   # from the PyPI package (extra "data")
    python scripts/postal_codes.py --official FILE   # from swisstopo's Ortschaftenverzeichnis CSV

The first reads the package ``countrystatecity-postal-codes`` (pinned in constraints.txt:
``pip install -c constraints.txt -e '.[data]'``), Switzerland and Liechtenstein. The second reads
the official «Amtliches Ortschaftenverzeichnis» of swisstopo (the CSV of
ch.swisstopo-vd.ortschaftenverzeichnis_plz, semicolon separated, with the columns
``Ortschaftsname``, ``PLZ`` and ``Kantonskürzel``), where it can be downloaded. Either way the
file is written sorted, one line per postal code and place, and data/README.md says where the
current one comes from (update its date and source by hand).
"""

import argparse
import csv
import json
import re
import sys
from importlib import metadata
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "digitalgemeinde" / "data" / "postal_codes.csv"
PACKAGE = "countrystatecity-postal-codes"
LIECHTENSTEIN = range(9485, 9500)
# "Lausanne 25": a delivery office's number after the place; the place is "Lausanne"
OFFICE_NUMBER = re.compile(r"\s+\d+$")


def place_name(name: str) -> str:
    return OFFICE_NUMBER.sub("", " ".join(name.split()))


def from_package() -> set[tuple[str, str, str, str]]:
    data = resources.files("countrystatecity_postal_codes") / "data" / "by-country"
    rows = set()
    for country in ("CH", "LI"):
        for entry in json.loads((data / country / "postcodes.json").read_text("utf-8")):
            canton = entry.get("stateCode") or "" if country == "CH" else ""
            rows.add((entry["code"], place_name(entry["localityName"]), canton, country))
    return rows


def from_official(path: Path) -> set[tuple[str, str, str, str]]:
    rows = set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for entry in csv.DictReader(handle, delimiter=";"):
            code = entry["PLZ"].strip()
            country = "LI" if int(code) in LIECHTENSTEIN else "CH"
            canton = "" if country == "LI" else entry.get("Kantonskürzel", "").strip()
            rows.add((code, place_name(entry["Ortschaftsname"]), canton, country))
    return rows


def write(rows: set, target: Path = TARGET) -> int:
    valid = sorted(row for row in rows if re.fullmatch(r"\d{4}", row[0]) and row[1])
    with target.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["code", "place", "canton", "country"])
        out.writerows(valid)
    return len(valid)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--official", type=Path, help="swisstopo's Ortschaftenverzeichnis CSV")
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    if args.official:
        rows, source = from_official(args.official), args.official.name
    else:
        rows, source = from_package(), f"{PACKAGE} {metadata.version(PACKAGE)}"
    count = write(rows, args.target)
    print(f"{args.target}: {count} postal codes and places from {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
