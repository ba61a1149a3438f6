"""Generate buildout's versions.cfg from constraints.txt, the one place where pins are kept.

python scripts/constraints_to_versions.py            # write versions.cfg
python scripts/constraints_to_versions.py --check    # exit 1 when versions.cfg is stale
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9_.\-]*)\s*==\s*([^\s;#]+)\s*$")

HEADER = """\
# Generated from constraints.txt by scripts/constraints_to_versions.py: do not edit by hand.
# Change constraints.txt, then run: python scripts/constraints_to_versions.py
[versions]
"""


def read_constraints(path: Path) -> dict[str, str]:
    """Return {package: version} of every exact pin; refuse anything else that is not a comment."""
    pins: dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        stripped = line.split("#", 1)[0].strip()
        if not stripped:
            continue
        match = PIN.match(stripped)
        if not match:
            raise ValueError(f"{path.name}:{number}: not an exact pin (name==version): {line!r}")
        name, version = match.groups()
        if name.lower() in {known.lower() for known in pins}:
            raise ValueError(f"{path.name}:{number}: {name} is pinned twice")
        pins[name] = version
    return pins


def render_versions(pins: dict[str, str]) -> str:
    body = "".join(f"{name} = {pins[name]}\n" for name in sorted(pins, key=str.lower))
    return HEADER + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    parser.add_argument("--root", type=Path, default=ROOT, help="folder of constraints.txt")
    args = parser.parse_args(argv)
    try:
        wanted = render_versions(read_constraints(args.root / "constraints.txt"))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    target = args.root / "versions.cfg"
    if args.check:
        if not target.exists() or target.read_text() != wanted:
            print(
                "versions.cfg disagrees with constraints.txt: run "
                "python scripts/constraints_to_versions.py",
                file=sys.stderr,
            )
            return 1
        return 0
    target.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
