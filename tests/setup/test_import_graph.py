"""The import rules of docs/architecture.md hold: import-linter's contracts (the layers, in
pyproject.toml; also run by ``make lint``), and no import cycle between the modules of
digitalgemeinde, not even through imports inside functions (grimp reads those too)."""

import subprocess
import sys
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parents[2]


def cycles(graph) -> list[list[str]]:
    """The groups of modules that import each other in a ring (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:  # the package has ~150 modules: recursion is fine
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            ring = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                ring.append(member)
                if member == module:
                    break
            if len(ring) > 1:
                found.append(sorted(ring))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(found)


def test_no_module_of_the_package_takes_part_in_an_import_cycle():
    graph = grimp.build_graph("digitalgemeinde", cache_dir=None)
    assert len(graph.modules) > 50  # the package itself, not an empty stand-in
    assert cycles(graph) == []


def test_a_cycle_through_an_import_inside_a_function_is_found():
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.leaf"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    graph.add_import(importer="pkg.a", imported="pkg.leaf")
    assert cycles(graph) == []
    graph.add_import(importer="pkg.c", imported="pkg.a")  # e.g. ``from pkg.a import x`` in a def
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_the_layer_contracts_of_pyproject_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
