"""`make backup` and `make restore` with FileStorage, as an operator runs them on a demo site.

A backup is taken beside the running site (repozo + a copy of the blobs); the site changes (a
citizen submits a request with a PDF, an editor edits a page and adds a file); a second,
incremental backup follows. A restore refuses while the site runs, brings back the site as it
was at the backup asked for, and keeps the data it replaced aside. The restored data is opened
directly (ZODB.DB on the restored Data.fs and blobs), as is the data put aside.
"""

import re
import time
from pathlib import Path

import pytest

from tests.backup.helpers import AS_BACKED_UP
from tests.backup.helpers import AS_CHANGED
from tests.backup.helpers import change_site
from tests.backup.helpers import filestorage_db
from tests.backup.helpers import fingerprint
from tests.backup.helpers import make
from tests.backup.helpers import running_site
from tests.backup.helpers import state_of


@pytest.fixture(scope="module")
def history(site_copy):
    """The prepared demo site with a full backup taken while it ran (and a restore tried then),
    changed after it, and an incremental backup of the change. Returns what happened."""
    var = site_copy
    with running_site(var):
        first = make("backup", var=var)
        live = fingerprint(var / "filestorage" / "Data.fs")
        refused = make("restore", var=var)
        unchanged = fingerprint(var / "filestorage" / "Data.fs") == live
        aside = list(var.glob("before-restore-*"))
    changed = change_site(var, "change")
    time.sleep(1.1)  # backups are named by the second
    second = make("backup", var=var)
    return {
        "var": var,
        "first": first,
        "refused": refused,
        "unchanged": unchanged,
        "aside": aside,
        "changed": changed,
        "second": second,
        "stamps": re.findall(r"backup (\S+) \(UTC\)", first.stdout + second.stdout),
    }


def restored_state(var: Path, request: str) -> dict:
    return state_of(filestorage_db(var / "filestorage" / "Data.fs", var / "blobstorage"), request)


def test_a_backup_runs_beside_the_live_site_and_a_restore_refuses_while_it_runs(history):
    first, refused, var = history["first"], history["refused"], history["var"]
    assert first.returncode == 0, first.stderr
    assert "Full backup" in first.stdout
    stamp = history["stamps"][0]
    backups = var / "backups"
    assert (backups / "filestorage" / f"{stamp}.fsz").is_file()
    assert (backups / "blobstorage" / stamp / ".layout").is_file()
    assert refused.returncode != 0
    assert "The site is running" in refused.stderr
    assert f"{var}/filestorage/Data.fs.lock" in refused.stderr
    assert history["unchanged"]
    assert history["aside"] == []


def test_restore_brings_back_the_site_as_at_the_backup_and_keeps_what_it_replaced(history):
    var, (first, second) = history["var"], history["stamps"]
    assert history["second"].returncode == 0, history["second"].stderr
    assert "Incremental backup" in history["second"].stdout
    assert first < second
    # the second copy of the blobs links the files the first one has (blob files never change)
    kept = list((var / "backups/blobstorage" / first).rglob("*.blob"))
    assert kept and all(p.stat().st_nlink == 2 for p in kept)
    request = history["changed"]["request"]
    listed = make("backup-list", var=var)
    assert f"{first}  full" in listed.stdout and f"{second}  incremental" in listed.stdout

    restored = make("restore", f"RESTORE_DATE={first}", var=var)

    assert restored.returncode == 0, restored.stderr
    assert f"Restored the backup {first} (UTC)" in restored.stdout
    assert restored_state(var, request) == AS_BACKED_UP
    # the data as it was before the restore, with the request, in the folder the output names
    aside = Path(re.search(r"The data it replaced is in (\S+):", restored.stdout).group(1))
    assert aside.parent == var and aside.name.startswith("before-restore-")
    assert restored_state(aside, request) == AS_CHANGED


def test_restore_without_a_date_brings_back_the_newest_backup(history):
    var, (_, second) = history["var"], history["stamps"]
    restored = make("restore", var=var)
    assert restored.returncode == 0, restored.stderr
    assert f"Restored the backup {second} (UTC)" in restored.stdout
    assert restored_state(var, history["changed"]["request"]) == AS_CHANGED


def test_a_restore_to_a_date_before_every_backup_names_the_oldest(history):
    var, (first, _) = history["var"], history["stamps"]
    before = fingerprint(var / "filestorage" / "Data.fs")
    refused = make("restore", "RESTORE_DATE=2001-01-01", var=var)
    assert refused.returncode != 0
    assert "No backup at or before 2001-01-01 (UTC)" in refused.stderr
    assert f"the oldest is {first}" in refused.stderr
    assert fingerprint(var / "filestorage" / "Data.fs") == before
