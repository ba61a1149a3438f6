"""constraints.txt pins everything, meets the security floor, and agrees with versions.cfg."""

import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
from constraints_to_versions import read_constraints  # noqa: E402
from constraints_to_versions import render_versions  # noqa: E402

# The project's own copy of the security floor (it must not need ../shared to install or test).
SECURITY_FLOOR = {
    "plone.restapi": "10.0.4",
    "AccessControl": "7.4",
    "RestrictedPython": "8.4",
    "plone.app.textfield": "4.0.2",
    "plone.namedfile": "8.1.1",
    "plone.app.dexterity": "5.0.2",
    "Products.CMFPlone": "6.2.2",
    "Plone": "6.2.2",
}


def as_tuple(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"[.\-]", version))


@pytest.fixture(scope="module")
def pins() -> dict[str, str]:
    return read_constraints(REPO / "constraints.txt")


@pytest.mark.parametrize("package,floor", sorted(SECURITY_FLOOR.items()))
def test_pin_meets_security_floor(pins, package, floor):
    assert package in pins, f"{package} is not pinned"
    assert as_tuple(pins[package]) >= as_tuple(floor), f"{package}=={pins[package]} < {floor}"


def test_pins_meet_the_shared_floor_when_present(pins):
    """When the team's shared floor is checked out beside the repo, it holds as well."""
    shared = REPO.parent / "shared" / "pins" / "security-floor.txt"
    if not shared.exists():
        pytest.skip("no shared/pins/security-floor.txt beside this checkout")
    floors = re.findall(r"^([A-Za-z0-9_.\-]+)>=(\S+)", shared.read_text(), re.MULTILINE)
    assert floors, "the shared floor lists no package"
    low = [f"{n}=={pins.get(n)} < {v}" for n, v in floors if as_tuple(pins[n]) < as_tuple(v)]
    assert low == []


@pytest.mark.parametrize(
    "package,series",
    [("Plone", "6.2."), ("collective.easyform", "5.0."), ("plone.restapi", "10.")],
)
def test_stack_series(pins, package, series):
    assert pins[package].startswith(series)


def test_every_installed_distribution_is_pinned(pins):
    from importlib.metadata import distributions

    pinned = {name.lower().replace("_", "-") for name in pins}
    unpinned = sorted(
        f"{dist.metadata['Name']}=={dist.version}"
        for dist in distributions()
        if dist.metadata["Name"].lower().replace("_", "-") not in pinned
        and dist.metadata["Name"] != "digitalgemeinde"
    )
    assert unpinned == []


def test_refuses_a_loose_pin(tmp_path):
    bad = tmp_path / "constraints.txt"
    bad.write_text("Plone==6.2.2\nzope.interface>=8\n")
    with pytest.raises(ValueError, match="not an exact pin"):
        read_constraints(bad)


def test_refuses_a_double_pin(tmp_path):
    bad = tmp_path / "constraints.txt"
    bad.write_text("Plone==6.2.2\nplone==6.2.1\n")
    with pytest.raises(ValueError, match="pinned twice"):
        read_constraints(bad)


def test_versions_cfg_agrees_with_constraints(pins):
    parser = configparser.ConfigParser()
    parser.optionxform = str
    parser.read(REPO / "versions.cfg")
    assert dict(parser["versions"]) == pins
    assert (REPO / "versions.cfg").read_text() == render_versions(pins)


def run_versions_script(*args):
    script = REPO / "scripts" / "constraints_to_versions.py"
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True)


def test_versions_check_passes_on_the_repository():
    result = run_versions_script("--check")
    assert result.returncode == 0, result.stderr


def test_versions_check_notices_a_stale_file_and_regenerates_it(tmp_path):
    (tmp_path / "constraints.txt").write_text("Plone==6.2.2\n")
    (tmp_path / "versions.cfg").write_text("[versions]\nPlone = 6.2.1\n")
    stale = run_versions_script("--check", "--root", str(tmp_path))
    assert stale.returncode == 1
    assert "disagrees" in stale.stderr
    assert run_versions_script("--root", str(tmp_path)).returncode == 0
    assert "Plone = 6.2.2" in (tmp_path / "versions.cfg").read_text()
    assert run_versions_script("--check", "--root", str(tmp_path)).returncode == 0


def test_versions_script_names_a_bad_line(tmp_path):
    (tmp_path / "constraints.txt").write_text("Plone>=6\n")
    result = run_versions_script("--root", str(tmp_path))
    assert result.returncode == 2
    assert "constraints.txt:1" in result.stderr
    assert not (tmp_path / "versions.cfg").exists()


def test_buildout_uses_the_same_pins():
    parser = configparser.ConfigParser()
    parser.read(REPO / "buildout.cfg")
    assert "versions.cfg" in parser["buildout"]["extends"].split()
    assert parser["buildout"]["versions"] == "versions"


@pytest.mark.parametrize(
    "name", ["Makefile", "buildout.cfg", "pyproject.toml", "README.md", ".ci/run"]
)
def test_nothing_is_fetched_from_outside_the_package_index(name):
    text = (REPO / name).read_text()
    for host in ("dist.plone.org", "github.com", "githubusercontent", "cookiecutter"):
        assert host not in text, f"{name} names {host}"
