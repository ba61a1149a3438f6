"""The Zope instance configuration: every storage variant parses, the embedded storage keeps
every committed file, the WSGI file is complete."""

import configparser
import sys
import threading
from pathlib import Path

import pytest
import transaction
import ZConfig
import ZODB
from persistent.mapping import PersistentMapping
from ZODB.blob import Blob
from ZODB.POSException import ConflictError
from ZODB.POSException import POSKeyError
from Zope2.Startup.options import ZopeWSGIOptions

ETC = Path(__file__).resolve().parents[2] / "instance" / "etc"


def load(name: str):
    """Parse a zope.conf the way Zope's WSGI start-up does."""
    return ZopeWSGIOptions(str(ETC / name))().configroot


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("INSTANCE_HOME", str(ETC.parent))
    monkeypatch.setenv("INSTANCE_VAR", str(tmp_path))
    monkeypatch.setenv("RELSTORAGE_DSN", "dbname='zodb' user='zodb' host='localhost'")
    monkeypatch.setenv("ZEO_ADDRESS", "127.0.0.1:8100")
    for folder in ("filestorage", "blobstorage", "blobcache", "log", "cache"):
        (tmp_path / folder).mkdir()
    return tmp_path


@pytest.mark.parametrize(
    "name,storage",
    [
        ("zope.conf", "FileStorage"),
        ("zope-relstorage.conf", "RelStorageFactory"),
        ("zope-zeo.conf", "ZEOClient"),
    ],
)
def test_storage_variant_parses(environment, name, storage):
    config = load(name)
    (main,) = [db for db in config.databases if db.name == "main"]
    assert type(main.config.storage).__name__ == storage
    assert config.instancehome == str(ETC.parent)
    assert config.clienthome == str(environment)


def test_filestorage_lives_under_the_instance_var(environment):
    config = load("zope.conf")
    (main,) = config.databases
    storage = main.config.storage
    assert storage.config.blob_dir == str(environment / "blobstorage")
    assert storage.config.path == str(environment / "filestorage" / "Data.fs")


def test_uploaded_files_survive_concurrent_conflicts(environment):
    """Requests with files committed by several threads while others abort on conflicts (as
    Zope's worker threads do in a burst of submissions): every committed file is there.

    With FileStorage inside a <blobstorage> wrapper, about a third of them were lost: the
    wrapper deletes an aborted transaction's new blob files after the commit lock is released,
    when the next transaction has already put its own files on the same list."""
    (main,) = load("zope.conf").databases
    db = ZODB.DB(main.config.storage.open())
    try:
        committed = commit_blobs_with_conflicts(db, threads=4, rounds=40)
        missing = unreadable_blobs(db, committed)
    finally:
        db.close()
    assert len(committed) == 4 * 40
    assert missing == []


def commit_blobs_with_conflicts(db, threads: int, rounds: int) -> list[tuple[str, str]]:
    """Each thread commits ``rounds`` blobs; every commit also bumps one shared counter, so
    that the threads conflict and retry. Returns (folder, key) of every committed blob."""
    with db.transaction() as connection:
        root = connection.root()
        root["counter"] = PersistentMapping(n=0)
        for number in range(threads):
            root[f"folder-{number}"] = PersistentMapping()
    committed = []

    def work(number: int) -> None:
        manager = transaction.TransactionManager()
        connection = db.open(manager)
        for round_ in range(rounds):
            for _attempt in range(100):
                manager.begin()
                root = connection.root()
                key = f"{number}-{round_}"
                root[f"folder-{number}"][key] = Blob(key.encode() * 100)  # stored first
                root["counter"]["n"] += 1  # then the conflict, after the blob file is placed
                try:
                    manager.commit()
                except ConflictError:
                    manager.abort()
                else:
                    committed.append((f"folder-{number}", key))
                    break
        connection.close()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, as a busy server does
    try:
        workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        sys.setswitchinterval(interval)
    return committed


def unreadable_blobs(db, committed) -> list[str]:
    missing = []
    with db.transaction() as connection:
        root = connection.root()
        for folder, key in committed:
            try:
                with root[folder][key].open() as data:
                    assert data.read() == key.encode() * 100
            except POSKeyError:
                missing.append(key)
    return missing


def test_missing_environment_is_refused(monkeypatch):
    monkeypatch.delenv("INSTANCE_HOME", raising=False)
    with pytest.raises(ZConfig.ConfigurationError):
        load("zope.conf")


def test_wsgi_ini_serves_zope_with_waitress_on_the_given_port():
    parser = configparser.ConfigParser(
        defaults={
            "http_host": "127.0.0.1",
            "http_port": "8099",
            "zope_conf_file": "/x/zope.conf",
            "instance_var": "/x/var",
            "here": str(ETC),
        }
    )
    parser.read(ETC / "zope.ini")
    assert parser["server:main"]["use"] == "egg:waitress#main"
    assert parser["server:main"]["listen"] == "127.0.0.1:8099"
    assert parser["app:zope"]["zope_conf"] == "/x/zope.conf"
    assert "/x/var/log/event.log" in parser["handler_eventlog"]["args"]


def test_site_zcml_loads_products_and_security_policy():
    text = (ETC / "site.zcml").read_text()
    assert "<five:loadProducts />" in text
    assert "AccessControl.security.SecurityPolicy" in text
