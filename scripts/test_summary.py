"""Print the failed and erroneous tests of JUnit XML reports, last in ``make test``'s output.

``make test`` runs the suite in two pytest runs (in parallel, then the serial tests). The parallel
run's own summary scrolls far out of view behind the serial run, and CI keeps only the end of the
output: this prints, for each report, which tests failed and the first lines of why.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

LINES = 12


def problems(report: Path) -> list[tuple[str, str, str]]:
    """(test id, kind, first lines of the message) of each failed or erroneous test case."""
    found = []
    # the report is the one our own pytest run just wrote
    for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314
        for kind in ("failure", "error"):
            for element in case.findall(kind):
                name = f"{case.get('classname', '')}::{case.get('name', '')}"
                text = (element.get("message") or "") + "\n" + (element.text or "")
                lines = [line for line in text.strip().splitlines() if line.strip()]
                found.append((name, kind, "\n".join(lines[-LINES:])))
    return found


def main(paths: list[str]) -> int:
    total = 0
    for path in map(Path, paths):
        if not path.exists():
            print(f"== {path}: no report (the run ended before writing it)")
            total += 1
            continue
        found = problems(path)
        total += len(found)
        print(f"== {path}: {len(found)} failed or erroneous")
        for name, kind, text in found:
            print(f"-- {kind.upper()} {name}")
            print("   " + text.replace("\n", "\n   "))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
