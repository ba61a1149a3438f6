"""No module of code over 400 lines, no function over 60 (tests: 450 and 80): the checker
scripts/check_sizes.py, which ``make lint`` runs too, on the checkout and on a module too long."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHECKER = REPO / "scripts" / "check_sizes.py"


def check_sizes(*args):
    return subprocess.run(
        [sys.executable, str(CHECKER), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_no_module_or_function_of_the_checkout_is_too_long():
    result = check_sizes()
    assert result.returncode == 0, result.stderr


def test_a_module_and_a_function_too_long_are_named(tmp_path):
    body = "\n".join(f"    value = {n}" for n in range(61))
    (tmp_path / "long_function.py").write_text(f"def too_long():\n{body}\n    return value\n")
    (tmp_path / "long_module.py").write_text("".join(f"A{n} = {n}\n" for n in range(401)))
    (tmp_path / "fine.py").write_text("def short():\n    return 1\n")
    result = check_sizes(str(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("2 too long")
    assert any("long_function.py:1: function too_long() of 63 lines" in line for line in lines)
    assert any("long_module.py: module of 401 lines (at most 400)" in line for line in lines)
    assert not any("fine.py" in line for line in lines)
