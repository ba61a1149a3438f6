"""Backups of RelStorage on PostgreSQL (scripts/backup.py): pg_dump -Fc and pg_restore."""

from pathlib import Path

from backup_common import Places
from backup_common import Refused
from backup_common import chosen
from backup_common import private_folder
from backup_common import run
from backup_common import stamps
from backup_common import utc_stamp

OTHER_SESSIONS = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
    " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
)
ORPHANS = (
    "SELECT count(lo_unlink(m.oid)) FROM pg_largeobject_metadata m"
    " WHERE m.lomowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
    " AND NOT EXISTS (SELECT 1 FROM blob_chunk c WHERE c.chunk = m.oid)"
)


def psql(dsn: str, sql: str) -> str:
    command = ["psql", "--no-psqlrc", "--quiet", "--tuples-only", "--no-align"]
    command += ["--set", "ON_ERROR_STOP=1", "--dbname", dsn, "--command", sql]
    return run(command, "psql").stdout.strip()


def dump(dsn: str, target: Path) -> None:
    """pg_dump -Fc of the database into ``target`` (written as .partial, then renamed)."""
    partial = target.with_name(f"{target.name}.partial")
    run(["pg_dump", "--format=custom", "--file", str(partial), "--dbname", dsn], "pg_dump")
    partial.rename(target)


def backup_relstorage(places: Places, dsn: str, *, keep: int) -> None:
    stamp = utc_stamp()
    target = private_folder(places.dumps) / f"{stamp}.dump"
    dump(dsn, target)
    size = target.stat().st_size / 1e6
    print(f"Backup {stamp} (UTC): the database with its blobs in {target} ({size:.1f} MB).")
    old = stamps(places.dumps, (".dump",))[:-keep]
    for expired in old:
        (places.dumps / f"{expired}.dump").unlink()
    if old:
        print(f"Deleted the backups older than the {keep} newest: {', '.join(old)}.")


def restore_relstorage(places: Places, dsn: str, date: str | None) -> None:
    stamp = chosen(stamps(places.dumps, (".dump",)), date, places.dumps)
    others = int(psql(dsn, OTHER_SESSIONS) or 0)
    if others:
        raise Refused(
            f"The site is running: {others} other session(s) are connected to the database "
            "(pg_stat_activity: Zope instances, the worker, make purge). Stop them, then run "
            "make restore again."
        )
    aside = places.dumps / f"before-restore-{utc_stamp()}.dump"
    dump(dsn, aside)
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    command += ["--exit-on-error", "--dbname", dsn, str(places.dumps / f"{stamp}.dump")]
    run(command, "pg_restore")
    # blobs written after the backup: large objects no blob_chunk row refers to any more
    if psql(dsn, "SELECT to_regclass('blob_chunk') IS NOT NULL") == "t":
        psql(dsn, ORPHANS)
    print(f"Restored the backup {stamp} (UTC) into the database.")
    print(f"The data it replaced is in {aside}: delete it once the restored site is right.")
