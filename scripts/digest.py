"""The daily digest to each tenant's admins: failed deliveries, overdue requests and bounced mails
(make digest, daily from deploy/systemd/digitalgemeinde-digest.timer). It first reads the bounce
Maildir (DIGITALGEMEINDE_BOUNCE_MAILDIR, if set). See digitalgemeinde.operation.digest.

    .venv/bin/python scripts/digest.py instance/etc/zope-relstorage.conf --site Plone \
        --url https://portal.example.ch

With FileStorage only one process may open the database: stop the server first, or run the
digest beside servers on ZEO or RelStorage.
"""

import argparse
import os
import sys

from digitalgemeinde.submissions.retention import add_site_arguments
from digitalgemeinde.submissions.retention import run_on_instance


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Mail each tenant's admins the deliveries that failed, the requests "
        "past their due date and the mails that bounced (read from the Maildir "
        "$DIGITALGEMEINDE_BOUNCE_MAILDIR first); no mail to a tenant with nothing to report. "
        "Run it daily.",
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

    from digitalgemeinde.operation.digest import read_and_send
    from digitalgemeinde.operation.digest import send_and_commit
    from digitalgemeinde.operation.digest import use_public_url

    site = app.get(arguments.site)
    if getattr(site, "portal_type", None) != "Plone Site":
        print(f"No Plone site /{arguments.site} in {arguments.zope_conf}.", file=sys.stderr)
        return 1
    setSite(site)
    try:
        use_public_url(app.REQUEST, site, arguments.url)
        if arguments.dry_run:
            outcome = read_and_send()  # the bounces stay unseen
            transaction.abort()
            print(f"Dry run, nothing sent. {outcome.line()}")
        else:
            print(send_and_commit().line())
    finally:
        setSite(None)
    return 0


def main(argv=None) -> int:

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
    return run_on_instance(arguments.zope_conf, lambda app: run(app, arguments))


if __name__ == "__main__":
    sys.exit(main())
