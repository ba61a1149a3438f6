"""The daily digest to each tenant's admins: failed deliveries and overdue requests (make digest,
daily from deploy/systemd/digitalgemeinde-digest.timer). See digitalgemeinde.operation.digest.

    .venv/bin/python scripts/digest.py instance/etc/zope-relstorage.conf --site Plone \
        --url https://portal.example.ch

With FileStorage only one process may open the database: stop the server first, or run the
digest beside servers on ZEO or RelStorage.
"""

import argparse
import os
import sys
from pathlib import Path

from digitalgemeinde.submissions.retention import add_site_arguments
from digitalgemeinde.submissions.retention import zope_app


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Mail each tenant's admins the deliveries that failed and the requests "
        "past their due date; no mail to a tenant with nothing to report. Run it daily.",
    )
    add_site_arguments(parser)
    parser.add_argument(
        "--url",
        default=os.environ.get("DIGEST_URL", ""),
        help="the site's public address, for the links in the mails "
        "(default: $DIGEST_URL; e.g. https://portal.example.ch)",
    )
    parser.add_argument("--dry-run", action="store_true", help="count what is due, send nothing")
    return parser.parse_args(argv)


def run(app, arguments) -> int:
    import transaction
    from zope.component.hooks import setSite

    from digitalgemeinde.operation.digest import send_and_commit
    from digitalgemeinde.operation.digest import send_digests
    from digitalgemeinde.operation.digest import use_public_url

    site = app.get(arguments.site)
    if getattr(site, "portal_type", None) != "Plone Site":
        print(f"No Plone site /{arguments.site} in {arguments.zope_conf}.", file=sys.stderr)
        return 1
    setSite(site)
    try:
        use_public_url(app.REQUEST, site, arguments.url)
        if arguments.dry_run:
            outcome = send_digests()
            transaction.abort()
            print(f"Dry run, nothing sent. {outcome.line()}")
        else:
            print(send_and_commit().line())
    finally:
        setSite(None)
    return 0


def main(argv=None) -> int:
    from zc.lockfile import LockError

    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    from digitalgemeinde.operation.digest import checked_url

    try:
        checked_url(arguments.url)
    except ValueError:
        print(
            "Name the site's public http(s) address with --url (or DIGEST_URL), "
            f"e.g. https://portal.example.ch; not {arguments.url!r}.",
            file=sys.stderr,
        )
        return 2
    zope_conf = arguments.zope_conf.resolve()
    if not zope_conf.is_file():
        print(f"No zope.conf at {zope_conf}: name the instance's one.", file=sys.stderr)
        return 2
    os.environ.setdefault("INSTANCE_HOME", str(zope_conf.parent.parent))
    os.environ.setdefault("INSTANCE_VAR", str(Path(os.environ["INSTANCE_HOME"]) / "var"))
    try:
        with zope_app(zope_conf) as app:
            return run(app, arguments)
    except LockError:
        print(
            "The database is in use by a running Zope: a FileStorage serves one process. "
            "Stop the site first, or use ZEO or RelStorage.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
