"""The backup tests' demo site: made once per test session with `make site`, copied by each
module ("prepared": a page and a file that the backups will hold, see site_changes.py)."""

import shutil

import pytest

from tests.backup.helpers import change_site
from tests.backup.helpers import make


@pytest.fixture(scope="session")
def prepared_site(tmp_path_factory):
    """The var folder of a demo site (FileStorage) with the page and file of ``prepare``."""
    var = tmp_path_factory.mktemp("backup-demo") / "var"
    made = make("site", "DEMO=1", var=var)
    assert made.returncode == 0, made.stdout + made.stderr
    change_site(var, "prepare")
    return var


@pytest.fixture(scope="module")
def site_copy(prepared_site, tmp_path_factory):
    """A copy of the prepared site for one test module."""
    var = tmp_path_factory.mktemp("backup") / "var"
    shutil.copytree(prepared_site, var)
    return var
