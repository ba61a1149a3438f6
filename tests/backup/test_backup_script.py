"""scripts/backup.py without a site: which backups a restore picks, what retention deletes,
how the blobs are copied, and the refusals an operator reads (no Zope, quick)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

import backup_common  # noqa: E402
import backup_filestorage  # noqa: E402

# three weekly full backups, each with an incremental the next day
WEEKS = [
    ("2026-11-16-01-30-00", "2026-11-17-02-30-00"),
    ("2026-11-23-01-30-00", "2026-11-24-02-30-00"),
    ("2026-11-30-01-30-00", "2026-12-01-02-30-00"),
]


def backup_script(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, REPO / "scripts/backup.py", *arguments],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "RELSTORAGE_DSN"},
    )


def fake_backups(backup_dir: Path) -> backup_common.Places:
    """The backups of WEEKS (repozo's files) and their blob copies."""
    places = backup_common.Places(
        var=backup_dir.parent, data_fs=backup_dir / "x", blob_dir=backup_dir / "y",
        backup_dir=backup_dir,
    )  # fmt: skip
    places.repository.mkdir(parents=True)
    for full, incremental in WEEKS:
        for name in (f"{full}.fsz", f"{full}.dat", f"{full}.index", f"{incremental}.deltafsz"):
            (places.repository / name).write_text(name)
        for stamp in (full, incremental):
            (places.snapshots / stamp).mkdir(parents=True)
    return places


def test_a_restore_picks_the_newest_backup_at_or_before_the_date_as_repozo_does(tmp_path):
    stamps = backup_common.stamps(fake_backups(tmp_path / "backups").repository)
    assert len(stamps) == 6
    assert backup_common.chosen(stamps, None, tmp_path) == stamps[-1]
    assert backup_common.chosen(stamps, "2026-11-23-01-30-00", tmp_path) == "2026-11-23-01-30-00"
    assert backup_common.chosen(stamps, "2026-11-24", tmp_path) == "2026-11-23-01-30-00"
    assert backup_common.chosen(stamps, "2026-11-24-03", tmp_path) == "2026-11-24-02-30-00"
    with pytest.raises(backup_common.Refused, match="the oldest is 2026-11-16-01-30-00"):
        backup_common.chosen(stamps, "2026-11-16", tmp_path)
    with pytest.raises(backup_common.Refused, match="run make backup first"):
        backup_common.chosen([], None, tmp_path)


def test_retention_keeps_the_newest_full_backups_with_their_incrementals_and_blobs(tmp_path):
    places = fake_backups(tmp_path / "backups")
    assert backup_filestorage.prune(places, keep=3) == []
    removed = backup_filestorage.prune(places, keep=2)
    assert removed == ["2026-11-16-01-30-00", "2026-11-17-02-30-00"]
    left = sorted(p.name for p in places.repository.iterdir())
    assert left[0] == "2026-11-23-01-30-00.dat" and len(left) == 8
    assert backup_common.snapshot_stamps(places.snapshots) == backup_common.stamps(
        places.repository
    )


def test_a_full_backup_is_due_a_week_after_the_last_one(tmp_path):
    repository = tmp_path / "filestorage"
    repository.mkdir()
    assert backup_filestorage.full_due(repository, 7)  # none yet
    # made by a daily timer a week ago, a few minutes later in the day than now: due
    last = backup_common.utc_stamp(time.time() - 7 * 86400 + 600)
    (repository / f"{last}.fsz").write_text("")
    assert backup_filestorage.full_due(repository, 7)
    assert not backup_filestorage.full_due(repository, 8)


def test_blobs_are_copied_once_then_linked_and_a_half_copy_never_counts(tmp_path):
    blobs, snapshots = tmp_path / "blobstorage", tmp_path / "backups" / "blobstorage"
    (blobs / "0x00" / "0x01").mkdir(parents=True)
    (blobs / "tmp").mkdir()
    (blobs / ".layout").write_text("bushy\n")
    (blobs / "0x00" / "0x01" / "0x03a.blob").write_bytes(b"first")
    (blobs / "tmp" / "upload-in-progress").write_bytes(b"uncommitted")
    assert backup_filestorage.snapshot_blobs(blobs, snapshots, "2026-12-01-01-30-00") == (2, 2)
    (blobs / "0x00" / "0x01" / "0x03b.blob").write_bytes(b"second")
    (snapshots / "2026-12-02-01-30-00.partial").mkdir()  # a copy that was interrupted
    assert backup_filestorage.snapshot_blobs(blobs, snapshots, "2026-12-02-01-30-00") == (3, 1)
    first, second = snapshots / "2026-12-01-01-30-00", snapshots / "2026-12-02-01-30-00"
    assert (second / "0x00/0x01/0x03a.blob").stat().st_ino == (
        first / "0x00/0x01/0x03a.blob"
    ).stat().st_ino
    assert (second / "0x00/0x01/0x03b.blob").read_bytes() == b"second"
    assert not (second / "tmp").exists()
    assert sorted(p.name for p in snapshots.iterdir()) == [first.name, second.name]
    assert oct(second.stat().st_mode & 0o777) == "0o700"


def test_the_operator_is_told_what_is_missing(tmp_path):
    nothing = backup_script("backup", "--var", str(tmp_path))
    assert nothing.returncode == 1
    assert f"No database at {tmp_path}/filestorage/Data.fs" in nothing.stderr
    no_backups = backup_script("restore", "--var", str(tmp_path))
    assert no_backups.returncode == 1
    assert f"No backups in {tmp_path}/backups/filestorage: run make backup" in no_backups.stderr
    bad_date = backup_script("restore", "--var", str(tmp_path), "--date", "7.12.2026")
    assert bad_date.returncode == 2
    assert "write yyyy-mm-dd[-hh[-mm[-ss]]] (UTC)" in bad_date.stderr
    no_dsn = backup_script("backup", "--storage", "relstorage", "--var", str(tmp_path))
    assert no_dsn.returncode == 2 and "--dsn or RELSTORAGE_DSN" in no_dsn.stderr
    zeo = backup_script("backup", "--storage", "zeo", "--var", str(tmp_path))
    assert zeo.returncode == 1 and "the ZEO server's FileStorage" in zeo.stderr
    assert not (tmp_path / "filestorage").exists() and not (tmp_path / "backups").exists()


def test_a_restore_is_refused_by_the_lock_a_server_holds_not_by_a_leftover_file(tmp_path):
    import zc.lockfile

    data_fs = tmp_path / "filestorage" / "Data.fs"
    data_fs.parent.mkdir()
    (tmp_path / "filestorage" / "Data.fs.lock").write_text(" 4711\n")  # a crashed server's
    with backup_filestorage.filestorage_lock(data_fs):
        pass
    server = zc.lockfile.LockFile(f"{data_fs}.lock")  # as FileStorage takes it when it opens
    try:
        refused = pytest.raises(backup_common.Refused, match="The site is running: a process")
        with refused, backup_filestorage.filestorage_lock(data_fs):
            pass
    finally:
        server.close()
    with backup_filestorage.filestorage_lock(data_fs):  # the server has stopped
        pass
