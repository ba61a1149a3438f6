"""`make backup` and `make restore` with RelStorage: pg_dump and pg_restore of a real PostgreSQL.

A private PostgreSQL cluster (scripts/pg_cluster.py, Debian's binaries) gets the prepared demo
site (zodbconvert from its FileStorage); a dump is taken while the site runs on it; the site
changes (a request with a PDF, the page, a new file); a second dump follows. A restore refuses
while the site runs, brings back the database as it was at the first dump, blobs included, and
the dump it made of the database it replaced holds the change.
"""

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.backup.helpers import AS_BACKED_UP
from tests.backup.helpers import AS_CHANGED
from tests.backup.helpers import REPO
from tests.backup.helpers import change_site
from tests.backup.helpers import make
from tests.backup.helpers import relstorage_db
from tests.backup.helpers import running_site
from tests.backup.helpers import state_of
from tests.setup.test_make_start import free_port

sys.path.insert(0, str(REPO / "scripts"))

import pg_cluster  # noqa: E402
from bench import conflicts_storage  # noqa: E402

pytestmark = pytest.mark.skipif(
    not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
    reason="no PostgreSQL: apt-get install postgresql (.ci/run does)",
)


@pytest.fixture(scope="module")
def postgresql():
    """A PostgreSQL cluster of its own (in a folder of mode 0755: as root the server runs as
    ``postgres`` and must reach it), ended after the module."""
    root = Path(tempfile.mkdtemp(prefix="digitalgemeinde-backup-pg-"))
    root.chmod(0o755)
    datadir = root / "postgresql"
    pg_cluster.init(datadir, free_port(), max_connections=20)
    pg_cluster.start(datadir)
    try:
        yield datadir
    finally:
        pg_cluster.stop(datadir)
        shutil.rmtree(root, ignore_errors=True)


def database(datadir: Path, name: str) -> str:
    pg_cluster.create_database(datadir, name, "zodb")
    return pg_cluster.dsn(datadir, name, "zodb")


def convert(var: Path, dsn: str) -> None:
    """The prepared site's FileStorage, blobs and all, into the RelStorage database ``dsn``."""
    done = conflicts_storage.convert(var, var, dsn)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def history(site_copy, postgresql):
    """The prepared site on RelStorage: a dump taken while it ran (and a restore tried then),
    the site changed after it, a second dump. Returns what happened."""
    var, dsn = site_copy, database(postgresql, "zodb")
    convert(var, dsn)
    storage = ["STORAGE=relstorage", f"RELSTORAGE_DSN={dsn}"]
    with running_site(var, *storage):
        first = make("backup", *storage, var=var)
        refused = make("restore", *storage, var=var)
    aside = list((var / "backups" / "relstorage").glob("before-restore-*"))
    changed = change_site(var, "change", "zope-relstorage.conf", RELSTORAGE_DSN=dsn)
    time.sleep(1.1)  # backups are named by the second
    second = make("backup", *storage, var=var)
    return {
        "var": var,
        "dsn": dsn,
        "storage": storage,
        "first": first,
        "refused": refused,
        "aside": aside,
        "changed": changed,
        "second": second,
        "stamps": re.findall(r"Backup (\S+) \(UTC\)", first.stdout + second.stdout),
    }


def test_a_dump_is_taken_beside_the_running_site_and_a_restore_refuses_while_it_runs(history):
    first, refused, var = history["first"], history["refused"], history["var"]
    assert first.returncode == 0, first.stderr
    stamp = history["stamps"][0]
    assert (var / "backups" / "relstorage" / f"{stamp}.dump").is_file()
    assert refused.returncode != 0
    assert "The site is running" in refused.stderr
    assert "connected to the database" in refused.stderr
    assert history["aside"] == []


def test_restore_brings_back_the_database_as_at_the_dump_and_keeps_what_it_replaced(
    history, postgresql, tmp_path
):
    var, dsn, (first, second) = history["var"], history["dsn"], history["stamps"]
    assert history["second"].returncode == 0, history["second"].stderr
    request = history["changed"]["request"]
    assert state_of(relstorage_db(dsn, tmp_path / "cache0"), request) == AS_CHANGED

    restored = make("restore", *history["storage"], f"RESTORE_DATE={first}", var=var)

    assert restored.returncode == 0, restored.stderr
    assert f"Restored the backup {first} (UTC)" in restored.stdout
    assert state_of(relstorage_db(dsn, tmp_path / "cache1"), request) == AS_BACKED_UP
    # no large object left of the blobs written after the dump
    orphans = pg_cluster.psql(
        postgresql,
        "SELECT count(*) FROM pg_largeobject_metadata m"
        " WHERE NOT EXISTS (SELECT 1 FROM blob_chunk c WHERE c.chunk = m.oid)",
        database="zodb",
    )
    assert orphans == "0"
    # the database it replaced, dumped first: restored elsewhere, it has the change
    aside = Path(re.search(r"The data it replaced is in (\S+):", restored.stdout).group(1))
    assert aside.parent == var / "backups" / "relstorage"
    scratch = database(postgresql, "scratch")
    subprocess.run(["pg_restore", "--no-owner", "--dbname", scratch, aside], check=True)  # noqa: S603,S607
    assert state_of(relstorage_db(scratch, tmp_path / "cache2"), request) == AS_CHANGED
    # and the newest dump brings the change back
    newest = make("restore", *history["storage"], var=var)
    assert f"Restored the backup {second} (UTC)" in newest.stdout, newest.stderr
    assert state_of(relstorage_db(dsn, tmp_path / "cache3"), request) == AS_CHANGED
