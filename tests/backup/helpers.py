"""What the backup tests share: make, the site's changes, a running site, the state compared."""

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
from contextlib import contextmanager
from pathlib import Path

import ZODB
import ZODB.config
from ZODB.FileStorage import FileStorage

from tests.backup import site_changes
from tests.setup.test_make_start import PASSWORD
from tests.setup.test_make_start import free_port
from tests.setup.test_make_start import get
from tests.setup.test_make_start import make_env

REPO = Path(__file__).resolve().parents[2]
# The installation is there; ``make site`` / ``make start`` must not reinstall it when
# pyproject.toml is newer than the stamp (in a checkout being edited): -o keeps it as it is.
MAKE = ["make", "--no-print-directory", "-o", ".venv/bin/.installed"]

AS_BACKED_UP = {
    "page": site_changes.BEFORE,
    "file before": site_changes.FILE_BEFORE,
    "file after": None,
    "request": False,
}
AS_CHANGED = {
    "page": site_changes.AFTER,
    "file before": site_changes.FILE_BEFORE,
    "file after": site_changes.FILE_AFTER,
    "request": True,
}


def make(*arguments: str, var: Path) -> subprocess.CompletedProcess:
    """``make <arguments>`` for the instance in ``var`` (arguments may set make's variables)."""
    return subprocess.run(  # noqa: S603
        [*MAKE, *arguments, f"INSTANCE_VAR={var}", f"ADMIN_PASSWORD={PASSWORD}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=make_env(),
        timeout=900,
    )


def change_site(var: Path, step: str, zope_conf: str = "zope.conf", **env) -> dict:
    """Run tests/backup/site_changes.py in the instance (FileStorage: the site stopped)."""
    done = subprocess.run(  # noqa: S603
        [REPO / ".venv/bin/zconsole", "run", REPO / "instance/etc" / zope_conf]
        + [Path(site_changes.__file__)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**make_env(), "INSTANCE_HOME": str(REPO / "instance"), "INSTANCE_VAR": str(var)}
        | {"BACKUP_STEP": step, "DIGITALGEMEINDE_MAIL_DIR": str(var / "mail"), **env},
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(re.search(r"^CHANGED (.*)$", done.stdout, re.M).group(1))


@contextmanager
def running_site(var: Path, *arguments: str):
    """``make start`` on the instance until the site answers; stopped (SIGTERM) after."""
    port, log = free_port(), var.parent / "make-start.log"
    process = subprocess.Popen(  # noqa: S603
        [*MAKE, "start", f"HTTP_PORT={port}", f"INSTANCE_VAR={var}", f"ADMIN_PASSWORD={PASSWORD}"]
        + list(arguments),
        cwd=REPO,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=make_env(),
    )
    try:
        deadline = time.monotonic() + 300
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            try:
                if get(f"http://localhost:{port}/Plone")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def filestorage_db(data_fs: Path, blob_dir: Path) -> ZODB.DB:
    """A Data.fs and its blobs, read-only, without Zope."""
    return ZODB.DB(FileStorage(str(data_fs), read_only=True, blob_dir=str(blob_dir)))


def relstorage_db(dsn: str, cache: Path, read_only: bool = True) -> ZODB.DB:
    """The RelStorage database ``dsn`` as zope-relstorage.conf opens it (read-only unless
    ``read_only`` is false)."""
    return ZODB.config.databaseFromString(f"""
        %import relstorage
        <zodb>
          <relstorage>
            read-only {str(read_only).lower()}
            keep-history false
            blob-dir {cache}
            shared-blob-dir false
            <postgresql>
              dsn {dsn}
            </postgresql>
          </relstorage>
        </zodb>""")


def find(site, path: str):
    obj = site
    for name in path.split("/"):
        obj = obj._getOb(name, None)
        if obj is None:
            return None
    return obj


def state_of(db: ZODB.DB, request_path: str) -> dict:
    """What the tests compare, read from ``db`` (closed after): the page's text, the files'
    bytes, whether the request is there."""
    connection = db.open()
    try:
        site = connection.root()["Application"]._getOb("Plone")
        after = find(site, "datei-nachher")
        return {
            "page": site._getOb("sicherung").text.raw,
            "file before": find(site, "datei-vorher").file.data,
            "file after": after.file.data if after is not None else None,
            "request": find(site, request_path) is not None,
        }
    finally:
        connection.close()
        db.close()


def fingerprint(path: Path) -> tuple:
    """What changes when a file is replaced or written (not when it is read)."""
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns
