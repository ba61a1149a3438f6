"""Where bench/conflicts.py's instances keep their data: a ZEO server or, as in production,
RelStorage on a PostgreSQL of its own (Debian's binaries, scripts/pg_cluster.py).

Either starts from a fresh copy of the demo site (``<var>/site``), so every run begins alike.
"""

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "scripts") not in sys.path:
    sys.path.insert(0, str(REPO / "scripts"))

import pg_cluster  # noqa: E402

CONVERT_CONF = """
%import relstorage
<filestorage source>
  path {site}/filestorage/Data.fs
  blob-dir {site}/blobstorage
</filestorage>
<relstorage destination>
  keep-history false
  blob-dir {folder}/blobcache-convert
  shared-blob-dir false
  <postgresql>
    dsn {dsn}
  </postgresql>
</relstorage>
"""


def convert(site: Path, folder: Path, dsn: str) -> subprocess.CompletedProcess:
    """A site's FileStorage (``<site>/filestorage``, ``<site>/blobstorage``), blobs and all,
    into the RelStorage database ``dsn`` with zodbconvert (its config and blob cache in
    ``folder``)."""
    config = folder / "convert.conf"
    config.write_text(CONVERT_CONF.format(site=site, folder=folder, dsn=dsn))
    return subprocess.run(  # noqa: S603 (the venv's zodbconvert)
        [str(REPO / ".venv" / "bin" / "zodbconvert"), str(config)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@dataclass
class Storage:
    """What an instance needs to open the database, and how to end its server."""

    name: str  # "zeo" or "relstorage"
    zope_conf: Path
    env: dict = field(default_factory=dict)
    stop: Callable[[], None] = lambda: None
    folder: Path | None = None


def zeo(port: int, stop: Callable[[], None] = lambda: None) -> Storage:
    return Storage(
        "zeo",
        REPO / "instance" / "etc" / "zope-zeo.conf",
        {"ZEO_ADDRESS": f"127.0.0.1:{port}"},
        stop,
    )


def relstorage(var: Path, site: Path, port: int) -> Storage:
    """A PostgreSQL cluster in ``<var>/postgresql`` holding a copy of the demo site."""
    folder = var / "relstorage"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    folder.chmod(0o755)  # as root, PostgreSQL runs as postgres and must reach its folder
    datadir = folder / "postgresql"
    pg_cluster.init(datadir, port, max_connections=60)
    pg_cluster.start(datadir)
    try:
        pg_cluster.create_database(datadir, "zodb", "zodb")
        dsn = pg_cluster.dsn(datadir, "zodb", "zodb")
        done = convert(site, folder, dsn)
        if done.returncode:
            raise RuntimeError(f"zodbconvert failed:\n{done.stdout}{done.stderr}")
    except BaseException:
        pg_cluster.stop(datadir)
        raise
    return Storage(
        "relstorage",
        REPO / "instance" / "etc" / "zope-relstorage.conf",
        {"RELSTORAGE_DSN": dsn},
        lambda: pg_cluster.stop(datadir),
        folder,
    )
