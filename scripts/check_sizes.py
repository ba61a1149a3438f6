"""List the Python modules and functions that are too long (issue 14; run by ``make lint``).

    .venv/bin/python scripts/check_sizes.py           # src/, scripts/, bench/ and tests/
    .venv/bin/python scripts/check_sizes.py some/dir  # only these, with the limits of code

The limits, in lines as they stand in the file (blank lines, comments and docstrings count):

- code (src/, scripts/, bench/): a module at most 400 lines, a function or method at most 60
  (from its ``def`` line to its last line; decorators do not count);
- tests (tests/): a module at most 450 lines, a function at most 80: a test module gathers
  the cases of one area and a test may spell out a whole walk through the product.

Folders named ``node_modules``, ``.venv`` and ``var`` are skipped. Exits 1 with one line per
module or function over its limit, 0 when nothing is. Standard library only: it runs before
anything is installed.
"""

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {"node_modules", ".venv", "var", "__pycache__"}


@dataclass(frozen=True)
class Limits:
    module: int
    function: int


CODE = Limits(module=400, function=60)
TESTS = Limits(module=450, function=80)
# The folders checked by default, each with its limits.
FOLDERS = {"src": CODE, "scripts": CODE, "bench": CODE, "tests": TESTS}


def python_files(folder: Path):
    """The ``.py`` files under ``folder`` (or ``folder`` itself), outside skipped folders."""
    if folder.is_file():
        yield folder
        return
    for path in sorted(folder.rglob("*.py")):
        if not SKIPPED.intersection(path.relative_to(folder).parts):
            yield path


def oversized(path: Path, limits: Limits, shown: str) -> list[str]:
    """One line for the module ``path`` if it is too long and one for each function that is."""
    text = path.read_text(encoding="utf-8")
    problems = []
    lines = len(text.splitlines())
    if lines > limits.module:
        problems.append(f"{shown}: module of {lines} lines (at most {limits.module})")
    for node in ast.walk(ast.parse(text, filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > limits.function:
                problems.append(
                    f"{shown}:{node.lineno}: function {node.name}() of {length} lines "
                    f"(at most {limits.function})"
                )
    return problems


def check(folders: dict[Path, Limits], root: Path = ROOT) -> list[str]:
    """Everything over its limit in ``folders`` (missing folders are skipped)."""
    problems = []
    for folder, limits in folders.items():
        if not folder.exists():
            continue
        for path in python_files(folder):
            try:
                shown = str(path.relative_to(root))
            except ValueError:
                shown = str(path)
            problems.extend(oversized(path, limits, shown))
    return problems


def main(argv: list[str]) -> int:
    if argv:
        folders = {Path(arg).resolve(): CODE for arg in argv}
    else:
        folders = {ROOT / name: limits for name, limits in FOLDERS.items()}
    problems = check(folders)
    if not problems:
        return 0
    print(f"{len(problems)} too long (split them; see scripts/check_sizes.py):", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
