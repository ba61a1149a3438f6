"""Backups of a FileStorage (scripts/backup.py): repozo for Data.fs, a copy of the blobs."""

import calendar
import logging
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from backup_common import FULL
from backup_common import STAMP
from backup_common import Places
from backup_common import Refused
from backup_common import chosen
from backup_common import private_folder
from backup_common import repozo
from backup_common import snapshot_stamps
from backup_common import stamps
from backup_common import utc_stamp


def full_due(repository: Path, days: float) -> bool:
    """Whether the newest full backup is ``days`` old (an hour's slack: a daily timer's start
    varies by minutes and must not push the full backup by a day)."""
    fulls = stamps(repository, FULL)
    if not fulls:
        return True
    made = calendar.timegm(time.strptime(fulls[-1], "%Y-%m-%d-%H-%M-%S"))
    return time.time() - made >= days * 86400 - 3600


def blob_files(blob_dir: Path):
    """The files of a blob directory relative to it, without ZODB's ``tmp`` (uncommitted
    uploads)."""
    for folder, subfolders, files in os.walk(blob_dir):
        here = Path(folder)
        if here == blob_dir and "tmp" in subfolders:
            subfolders.remove("tmp")
        for name in files:
            yield (here / name).relative_to(blob_dir)


def same_file(a: Path, b: Path) -> bool:
    try:
        first, second = a.stat(), b.stat()
    except FileNotFoundError:
        return False
    return (first.st_size, first.st_mtime_ns) == (second.st_size, second.st_mtime_ns)


def snapshot_blobs(blob_dir: Path, snapshots: Path, stamp: str) -> tuple[int, int]:
    """Copy the blob files into ``snapshots/stamp``, as hard links to the newest earlier copy
    where it holds the same file. Returns (files, newly copied). The copy is made under a
    ``.partial`` name and renamed when complete: a half copy is never taken for one."""
    earlier = [s for s in snapshot_stamps(private_folder(snapshots)) if s < stamp]
    previous = snapshots / earlier[-1] if earlier else None
    for interrupted in snapshots.glob("*.partial"):
        shutil.rmtree(interrupted)
    partial = snapshots / f"{stamp}.partial"
    partial.mkdir(mode=0o700)
    files = copied = 0
    for relative in sorted(blob_files(blob_dir)) if blob_dir.is_dir() else ():
        source, target = blob_dir / relative, partial / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        files += 1
        if previous is not None and same_file(previous / relative, source):
            try:
                os.link(previous / relative, target)
                continue
            except OSError:  # a file system without hard links: copy
                pass
        shutil.copy2(source, target)
        copied += 1
    partial.rename(snapshots / stamp)
    return files, copied


def prune(places: Places, keep: int) -> list[str]:
    """Delete the backups older than the ``keep`` newest full ones (their incrementals and blob
    copies with them). Returns the times deleted."""
    fulls = stamps(places.repository, FULL)
    if len(fulls) <= keep:
        return []
    cutoff = fulls[-keep]
    removed = set()
    for path in places.repository.iterdir():
        if STAMP.match(path.stem) and path.stem < cutoff:
            path.unlink()
            removed.add(path.stem)
    for stamp in snapshot_stamps(places.snapshots):
        if stamp < cutoff:
            shutil.rmtree(places.snapshots / stamp)
            removed.add(stamp)
    return sorted(removed)


def backup_filestorage(places: Places, *, full: bool, keep: int, full_every: float) -> None:
    if not places.data_fs.is_file():
        raise Refused(f"No database at {places.data_fs}: nothing to back up (INSTANCE_VAR?).")
    before = set(stamps(private_folder(places.repository)))
    full = full or full_due(places.repository, full_every)
    repozo(
        "--backup",
        "--quick",
        "--gzip",
        "--repository",
        str(places.repository),
        "--file",
        str(places.data_fs),
        *(["--full"] if full else []),
    )
    new = sorted(set(stamps(places.repository)) - before)
    if not new:
        print(f"Nothing changed since the backup of {max(before, default='-')} (UTC): none made.")
        return
    stamp = new[-1]
    kind = "Full" if stamps(places.repository, FULL)[-1] == stamp else "Incremental"
    try:
        files, copied = snapshot_blobs(places.blob_dir, places.snapshots, stamp)
    except OSError as error:
        raise Refused(
            f"The database was backed up ({stamp}) but copying the blobs failed: {error}. "
            "A restore cannot use this backup; run make backup BACKUP_FULL=1 again."
        ) from error
    print(
        f"{kind} backup {stamp} (UTC) in {places.backup_dir}: {places.data_fs.name} "
        f"and {files} blob files ({copied} copied, the others linked to the previous copy)."
    )
    removed = prune(places, keep)
    if removed:
        print(f"Deleted the backups older than the {keep} newest full ones: {', '.join(removed)}.")


# FileStorage: restore


@contextmanager
def filestorage_lock(data_fs: Path):
    """Hold the Data.fs lock, as a server holds it while it runs: refuses when one runs, and
    no server can open the database during the restore."""
    import zc.lockfile

    logging.getLogger("zc.lockfile").setLevel(logging.CRITICAL)  # our message says it better
    data_fs.parent.mkdir(parents=True, exist_ok=True)
    try:
        lock = zc.lockfile.LockFile(f"{data_fs}.lock")
    except zc.lockfile.LockError:
        raise Refused(
            f"The site is running: a process holds {data_fs}.lock, the lock every Zope takes "
            f"while it has {data_fs.name} open (make start, make purge, a zconsole script). "
            "Stop it, then run make restore again."
        ) from None
    try:
        yield
    finally:
        lock.close()


def stage(places: Places, stamp: str) -> tuple[Path, Path]:
    """The backup ``stamp`` recovered next to the live data (Data.fs.restoring with its index,
    blobstorage.restoring): the live data stays untouched if this fails."""
    target = places.data_fs.with_name(f"{places.data_fs.name}.restoring")
    for leftover in (target, Path(f"{target}.index"), Path(f"{target}.part")):
        leftover.unlink(missing_ok=True)
    repozo(
        "--recover",
        "--with-verify",
        "--repository",
        str(places.repository),
        "--date",
        stamp,
        "--output",
        str(target),
    )
    blobs = places.blob_dir.with_name(f"{places.blob_dir.name}.restoring")
    if blobs.exists():
        shutil.rmtree(blobs)
    shutil.copytree(places.snapshots / stamp, blobs)
    return target, blobs


def aside_folder(var: Path) -> Path:
    base = var / f"before-restore-{utc_stamp()}"
    folder, number = base, 1
    while folder.exists():
        number += 1
        folder = base.with_name(f"{base.name}-{number}")
    return private_folder(folder)


def put_aside(places: Places) -> Path | None:
    """Move the live Data.fs (index, uncommitted .tmp) and blobs into a before-restore folder."""
    data = [Path(f"{places.data_fs}{suffix}") for suffix in ("", ".index", ".tmp")]
    present = [path for path in data if path.exists()]
    if not present and not places.blob_dir.exists():
        return None
    aside = aside_folder(places.var)
    for path in present:
        shutil.move(path, private_folder(aside / "filestorage") / path.name)
    if places.blob_dir.exists():
        shutil.move(places.blob_dir, aside / "blobstorage")
    return aside


def restore_filestorage(places: Places, date: str | None) -> None:
    stamp = chosen(stamps(places.repository), date, places.repository)
    if not (places.snapshots / stamp).is_dir():
        raise Refused(
            f"The backup {stamp} has no copy of the blobs ({places.snapshots / stamp} is "
            "missing): choose an earlier RESTORE_DATE (make backup-list shows them)."
        )
    with filestorage_lock(places.data_fs):
        data_fs, blobs = stage(places, stamp)
        aside = put_aside(places)
        data_fs.rename(places.data_fs)
        index = Path(f"{data_fs}.index")
        if index.exists():
            index.rename(f"{places.data_fs}.index")
        blobs.rename(places.blob_dir)
    print(f"Restored the backup {stamp} (UTC) into {places.data_fs} and {places.blob_dir}.")
    if aside is not None:
        print(f"The data it replaced is in {aside}: delete it once the restored site is right.")
