"""What the backups of both storages share (scripts/backup.py): names, times, refusals."""

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(-\d{2}){0,3}$")
FULL = (".fs", ".fsz")
DATA = (".fs", ".fsz", ".deltafs", ".deltafsz")
KEEP = {"filestorage": 4, "relstorage": 14}  # full backups: weeks (FULL_EVERY 7) or days
FULL_EVERY = 7
STORAGES = ("filestorage", "relstorage", "zeo")
ZEO = (
    "With ZEO the data is the ZEO server's FileStorage: back it up on the server's host with "
    "scripts/backup.py --data-fs <its Data.fs> --blob-dir <its blob folder> --backup-dir <folder>."
)


class Refused(Exception):
    """Why the command cannot run and what to do (printed; exit status 1)."""


@dataclass(frozen=True)
class Places:
    var: Path
    data_fs: Path
    blob_dir: Path
    backup_dir: Path

    @property
    def repository(self) -> Path:
        return self.backup_dir / "filestorage"

    @property
    def snapshots(self) -> Path:
        return self.backup_dir / "blobstorage"

    @property
    def dumps(self) -> Path:
        return self.backup_dir / "relstorage"


def utc_stamp(now: float | None = None) -> str:
    """A time as repozo names its files: yyyy-mm-dd-hh-mm-ss, UTC."""
    return time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime(now))


def stamps(folder: Path, suffixes=DATA) -> list[str]:
    """The times of the backups in ``folder`` (files with these suffixes), oldest first."""
    if not folder.is_dir():
        return []
    found = {p.stem for p in folder.iterdir() if p.suffix in suffixes and STAMP.match(p.stem)}
    return sorted(found)


def snapshot_stamps(snapshots: Path) -> list[str]:
    """The times of the complete blob copies, oldest first."""
    if not snapshots.is_dir():
        return []
    return sorted(p.name for p in snapshots.iterdir() if p.is_dir() and STAMP.match(p.name))


def chosen(available: list[str], date: str | None, where: Path) -> str:
    """The backup a restore to ``date`` brings back: the newest at or before it, compared as
    repozo compares (2026-12-07 is the start of that day, UTC)."""
    if not available:
        raise Refused(f"No backups in {where}: run make backup first (or name BACKUP_DIR).")
    eligible = [stamp for stamp in available if date is None or stamp <= date]
    if not eligible:
        raise Refused(
            f"No backup at or before {date} (UTC) in {where}; the oldest is {available[0]}."
        )
    return eligible[-1]


def run(command: list[str], what: str) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError:
        raise Refused(
            f"{what}: no program {command[0]} (PostgreSQL's client programs: "
            "apt-get install postgresql-client)"
        ) from None
    if done.returncode:
        raise Refused(f"{what} failed (exit status {done.returncode}):\n{done.stderr.strip()}")
    return done


def repozo(*arguments: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "ZODB.scripts.repozo", *arguments], "repozo")


def private_folder(folder: Path) -> Path:
    """Backups hold the citizens' requests: readable by the site's user only."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder
