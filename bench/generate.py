"""Build the benchmark data: sites ``bench86`` and ``bench3`` in the bench instance.

    make bench-data                 # full size, into BENCH_VAR (default bench/var)
    BENCH_VAR=/tmp/b make bench-data BENCH_MUNICIPALITIES=2 BENCH_SERVICES=3 \
        BENCH_INBOX_100K=5 BENCH_INBOX_10K=10 BENCH_INBOX_100=20 BENCH_SPREAD=10
    .venv/bin/zconsole run bench/etc/zope.conf bench/generate.py --help

Run through zconsole with bench/etc/zope.conf (never instance/etc/zope.conf). It is idempotent:
what exists is kept and only what is missing is made (an interrupted run continues where it
stopped); ``--force`` deletes both sites first. At the end it writes ``manifest.json`` into
BENCH_VAR: the URL paths, form values and users the harness (bench/run.py) requests.

``bench86``: canton BL (number 13, two offices), 86 municipalities with three offices and 150
published services each, one published request form per service (with "Deliver to office"),
requests in three inboxes (100,000 / 10,000 / 100) and ~2,000 spread over other offices, and
the baselines under ``/bench86/baseline``: a Document with the texts of a service, a plain
EasyForm (Save Data + Mailer) with the fields of that service's form, and one whose Save Data
adapter holds 10,000 rows. ``bench3``: the same with three municipalities, for the finder.

The manifest (all paths absolute from the Zope root, e.g. ``/bench86/liestal/...``)::

    {"generated", "zope_conf", "bench_var", "scale": {...},
     "admin": {"user", "password"},
     "sites": {"bench86": {
         "site", "municipality", "service", "form", "rest_service", "rest_form",
         "rest_submit",                       # <form>/@submit (POST JSON)
         "form_values", "form_json_values",   # field -> value: browser (strings) / @submit
         "document", "rest_document",         # /bench86/baseline/document
         "plain_form", "plain_form_values", "plain_form_json_values",
         "saved_form", "saved_data_10k",      # <saved form>/actions/savedata/@@data
         "saved_data_10k_overview",           # <saved form>/@@saveddata (redirects there)
         "inbox_100k", "inbox_10k", "inbox_100",      # <office>/@@inbox
         "inboxes": {"inbox_100k": {"office", "url", "requests", "state_counts", "clerk"}, ...},
         "finder",                            # <municipality #1>/@@services
         "clerk": {"user", "password", "groups"},     # staff of all three inboxes
         "clerks": {"inbox_100k": {"user", "password", "groups"}, ...},
         "counts": {"municipalities", "offices", "services", "forms", "submissions"}},
       "bench3": {the same without the baselines}},
     "size_before_pack", "size": {"data_fs_bytes", "blobs_bytes", "total_bytes"},
     "timings_seconds": {phase: seconds, "total": seconds}}

The browser forms want plone.protect's ``_authenticator``: GET the form page first and send the
token of its hidden input along (for anonymous visitors one token serves many posts). The same
values twice within ten minutes count as a second click: vary name and email per request.

Requests are not made through ``deliver`` (far too slow for 100,000): each is created and added
as ``delivery.add_to_inbox`` does (``createContent``, ``_setObject(suppress_events=True)``), but
instead of its added event it gets what that event's subscribers give it, once: an intid, its
workflow history and state (``setStatusOf``, ``updateRoleMappingsFor``), its count
(``counts.bump``) and one catalog entry. It is filled in as ``deliver`` fills it in (reference
from ``reference.next_reference``, typed values, token hash, log); a commit every 1,000. Services
and forms are made with ``plone.api`` as demo/setup.py makes them, and published by setting the
workflow state the "publish" transition sets.
"""

import argparse
import json
import logging
import os
import sys
from dataclasses import asdict
from datetime import UTC
from datetime import datetime
from pathlib import Path


def _root() -> Path:
    """The checkout (zconsole runs this file without ``__file__``: its path is in argv)."""
    if "__file__" in globals():
        return Path(__file__).resolve().parent.parent
    for arg in sys.argv:
        if arg.endswith("generate.py"):
            return Path(arg).resolve().parent.parent
    return Path.cwd()


ROOT = _root()

if __name__ == "__main__" and str(ROOT) not in sys.path:  # run by zconsole: import bench.*
    sys.path.insert(0, str(ROOT))


from bench.generation.baselines import save_data_action  # noqa: E402
from bench.generation.common import BIG_SITE  # noqa: E402
from bench.generation.common import Clock  # noqa: E402
from bench.generation.common import Scale  # noqa: E402
from bench.generation.common import commit  # noqa: E402
from bench.generation.fields import browser_values  # noqa: E402
from bench.generation.fields import fields_model  # noqa: E402
from bench.generation.fields import json_values  # noqa: E402
from bench.generation.fields import person_fields  # noqa: E402
from bench.generation.fields import pool_fields  # noqa: E402
from bench.generation.sites import build_site  # noqa: E402

logger = logging.getLogger("bench.generate")

# What tests/bench use as ``generate.<name>``; the parts of the generator live in
# bench/generation/ (see its __init__), this module runs them.
__all__ = [
    "BIG_SITE",
    "Clock",
    "Scale",
    "browser_values",
    "build_site",
    "fields_model",
    "json_values",
    "main",
    "person_fields",
    "pool_fields",
    "save_data_action",
    "write_manifest",
]


# --- the sites, the database, the manifest ---------------------------------------------------


def ensure_bench_site(app, site_id: str, title: str, force: bool, clock: Clock):
    from digitalgemeinde.sitesetup import SiteSettings
    from digitalgemeinde.sitesetup import ensure_site

    if force and site_id in app.objectIds():
        with clock.phase(f"{site_id}: delete (--force)"):
            # no events: the catalog and the intids go with the site
            app._delObject(site_id, suppress_events=True)
            commit()
    with clock.phase(f"{site_id}: site"):
        site, created = ensure_site(
            app, SiteSettings(site_id=site_id, title=title, with_demo=False)
        )
        commit()
    clock.say(f"/{site_id} {'created' if created else 'exists'}")
    return site


def var_dir() -> Path:
    value = os.environ.get("BENCH_VAR", "").strip()
    if value:
        return Path(value)
    from App.config import getConfiguration

    return Path(getConfiguration().clienthome)


def disk_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def database_size(var: Path) -> dict:
    data_fs = var / "filestorage" / "Data.fs"
    blobs = var / "blobstorage"
    sizes = {
        "data_fs_bytes": disk_size(data_fs) if data_fs.exists() else 0,
        "blobs_bytes": disk_size(blobs) if blobs.exists() else 0,
    }
    sizes["total_bytes"] = sizes["data_fs_bytes"] + sizes["blobs_bytes"]
    return sizes


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def parse_args(argv: list[str]) -> argparse.Namespace:
    defaults = Scale.from_environment()
    parser = argparse.ArgumentParser(
        prog="zconsole run bench/etc/zope.conf bench/generate.py",
        description="Build the benchmark sites bench86 and bench3 (idempotent).",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        default=os.environ.get("BENCH_FORCE", "") not in ("", "0"),
        help="delete both sites first and build them anew (env BENCH_FORCE=1)",
    )
    for name, value in asdict(defaults).items():
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=int,
            default=value,
            help=f"default {value} (env BENCH_{name.upper()})",
        )
    parser.add_argument(
        "--sites", default="bench86,bench3", help="which sites to build (default both)"
    )
    parser.add_argument(
        "--no-pack", action="store_true", help="do not pack the database at the end"
    )
    return parser.parse_args(argv)


def main(app, argv: list[str]) -> int:
    from digitalgemeinde.sitesetup import act_as
    from digitalgemeinde.sitesetup import ensure_admin

    args = parse_args(argv)
    scale = Scale(**{name: getattr(args, name) for name in asdict(Scale())})
    clock = Clock()
    var = var_dir()
    var.mkdir(parents=True, exist_ok=True)
    clock.say(f"Bench data in {var}: {scale}")
    admin = {
        "user": os.environ.get("ADMIN_USER", "admin"),
        "password": os.environ.get("ADMIN_PASSWORD", "admin"),
    }
    ensure_admin(app, admin["user"], admin["password"])
    commit()
    act_as(app, admin["user"])
    wanted = [site.strip() for site in args.sites.split(",") if site.strip()]
    manifest_path = var / "manifest.json"
    previous = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "zope_conf": "bench/etc/zope.conf",
        "bench_var": str(var),
        "admin": admin,
        "scale": asdict(scale),
        "sites": dict(previous.get("sites", {})),
    }
    for site_id in wanted:
        small = site_id != BIG_SITE
        site = ensure_bench_site(
            app, site_id, f"Einwohnerportal Bench ({site_id})", args.force, clock
        )
        manifest["sites"][site_id] = build_site(site, site_id, scale, clock, small=small)
        write_manifest(manifest_path, manifest)
    size_before = database_size(var)
    clock.say(f"Database before packing: {describe(size_before)}")
    manifest["size_before_pack"] = size_before
    if not args.no_pack:
        with clock.phase("pack"):
            app._p_jar.db().pack(days=0)
    size = database_size(var)
    manifest["size"] = size
    manifest["timings_seconds"] = {name: round(took, 1) for name, took in clock.phases.items()}
    manifest["timings_seconds"]["total"] = round(clock.total, 1)
    write_manifest(manifest_path, manifest)
    clock.say("Timings:")
    for name, took in clock.phases.items():
        print(f"    {took:9.1f}s  {name}", flush=True)
    print(f"    {clock.total:9.1f}s  total", flush=True)
    clock.say(f"Database: {describe(size)}")
    clock.say(f"Manifest: {manifest_path}")
    return 0


def describe(size: dict) -> str:
    return (
        f"Data.fs {megabytes(size['data_fs_bytes'])} + blobs {megabytes(size['blobs_bytes'])}"
        f" = {megabytes(size['total_bytes'])}"
    )


def write_manifest(path: Path, manifest: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n")
    temporary.replace(path)


def script_arguments() -> list[str]:
    """The arguments after the script's name (zconsole leaves its own in sys.argv)."""
    for index, arg in enumerate(sys.argv):
        if arg.endswith("generate.py"):
            return sys.argv[index + 1 :]
    return sys.argv[1:]


if __name__ == "__main__" and "app" in globals():
    logging.basicConfig(level=logging.WARNING)
    sys.exit(main(app, script_arguments()))  # noqa: F821 (bound by zconsole)
