"""Back up and restore the site's data: `make backup`, `make restore` (README, "Backups").

    .venv/bin/python scripts/backup.py backup  --var instance/var [--full] [--keep N]
    .venv/bin/python scripts/backup.py restore --var instance/var [--date 2026-12-07-01-30]
    .venv/bin/python scripts/backup.py list    --var instance/var
    (--storage relstorage --dsn "dbname=... user=..." for RelStorage; --backup-dir elsewhere)

FileStorage: ZODB's repozo writes a full or incremental backup of Data.fs into
BACKUP_DIR/filestorage, named by the time (UTC) it was made; right after it the blob files are
copied into BACKUP_DIR/blobstorage/<that time>, hard links to the previous copy where a file is
there already (a blob file never changes once written: a new version is a new file). In this
order the blobs are never older than their Data.fs: a transaction in the Data.fs backup wrote
its blob files before it committed. Both run beside the live site (repozo reads the Data.fs as
it was committed when it starts). A full backup is made when the newest is --full-every days old,
and the --keep newest full backups are kept with their incrementals and blob copies.

RelStorage: `pg_dump -Fc` of the database (the blobs are in it: shared-blob-dir false) into
BACKUP_DIR/relstorage/<time>.dump; the --keep newest dumps are kept.

A restore refuses while a server has the database open: with FileStorage, a process holds the
lock Data.fs.lock (every Zope that opens the Data.fs takes it: make start, a zconsole script,
make purge); with RelStorage, other sessions are connected to the database (pg_stat_activity).
It keeps the data it replaces: FileStorage moves Data.fs and the blobs into
INSTANCE_VAR/before-restore-<time>, RelStorage dumps the database into
BACKUP_DIR/relstorage/before-restore-<time>.dump, before the backup takes their place.
"""

import argparse
import os
import sys
from pathlib import Path

from backup_common import DATE
from backup_common import FULL
from backup_common import FULL_EVERY
from backup_common import KEEP
from backup_common import STORAGES
from backup_common import ZEO
from backup_common import Places
from backup_common import Refused
from backup_common import snapshot_stamps
from backup_common import stamps
from backup_filestorage import backup_filestorage
from backup_filestorage import restore_filestorage
from backup_relstorage import backup_relstorage
from backup_relstorage import restore_relstorage


def list_backups(places: Places, storage: str) -> None:
    if storage == "relstorage":
        found = [(stamp, "pg_dump") for stamp in stamps(places.dumps, (".dump",))]
    else:
        fulls, blobs = set(stamps(places.repository, FULL)), set(snapshot_stamps(places.snapshots))
        found = [
            (
                stamp,
                ("full" if stamp in fulls else "incremental")
                + ("" if stamp in blobs else ", NO BLOBS"),
            )
            for stamp in stamps(places.repository)
        ]
    if not found:
        print(f"No backups in {places.backup_dir}.")
    for stamp, kind in found:
        print(f"{stamp}  {kind}")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("backup", "restore", "list"))
    parser.add_argument("--storage", default="filestorage", choices=STORAGES)
    parser.add_argument("--var", type=Path, default=Path("instance/var"), help="INSTANCE_VAR")
    parser.add_argument("--data-fs", type=Path, help="default: VAR/filestorage/Data.fs")
    parser.add_argument("--blob-dir", type=Path, help="default: VAR/blobstorage")
    parser.add_argument("--backup-dir", type=Path, help="default: VAR/backups")
    parser.add_argument("--dsn", default=os.environ.get("RELSTORAGE_DSN"), help="RelStorage")
    parser.add_argument("--full", action="store_true", help="a full backup (FileStorage)")
    parser.add_argument("--full-every", type=float, default=FULL_EVERY, help="days")
    parser.add_argument("--keep", type=int, help="full backups kept (4 FileStorage, 14 RelStorage)")
    parser.add_argument("--date", help="restore as of yyyy-mm-dd[-hh[-mm[-ss]]], UTC")
    arguments = parser.parse_args(argv)
    if arguments.date and not DATE.match(arguments.date):
        parser.error(f"--date {arguments.date}: write yyyy-mm-dd[-hh[-mm[-ss]]] (UTC)")
    if arguments.keep is not None and arguments.keep < 1:
        parser.error("--keep: at least 1")
    if arguments.storage == "relstorage" and not arguments.dsn:
        parser.error("RelStorage: name the database with --dsn or RELSTORAGE_DSN")
    return arguments


def places_of(arguments: argparse.Namespace) -> Places:
    var = arguments.var.resolve()
    return Places(
        var=var,
        data_fs=(arguments.data_fs or var / "filestorage" / "Data.fs").resolve(),
        blob_dir=(arguments.blob_dir or var / "blobstorage").resolve(),
        backup_dir=(arguments.backup_dir or var / "backups").resolve(),
    )


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    places, storage = places_of(arguments), arguments.storage
    keep = arguments.keep or KEEP.get(storage, KEEP["filestorage"])
    try:
        if storage == "zeo":
            raise Refused(ZEO)
        if arguments.command == "list":
            list_backups(places, storage)
        elif arguments.command == "backup" and storage == "relstorage":
            backup_relstorage(places, arguments.dsn, keep=keep)
        elif arguments.command == "backup":
            backup_filestorage(
                places, full=arguments.full, keep=keep, full_every=arguments.full_every
            )
        elif storage == "relstorage":
            restore_relstorage(places, arguments.dsn, arguments.date)
        else:
            restore_filestorage(places, arguments.date)
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
