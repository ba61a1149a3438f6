"""The Zope instance configuration: every storage variant parses, the WSGI file is complete."""

import configparser
from pathlib import Path

import pytest
import ZConfig
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
        ("zope.conf", "BlobStorage"),
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
    blob = main.config.storage
    assert blob.config.blob_dir == str(environment / "blobstorage")
    assert blob.config.base.config.path == str(environment / "filestorage" / "Data.fs")


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
