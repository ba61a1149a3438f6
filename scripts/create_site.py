"""Create the Plone site if it does not exist. Run through zconsole, which binds ``app``:

    .venv/bin/zconsole run instance/etc/zope.conf scripts/create_site.py

Environment: SITE_ID (Plone), SITE_TITLE (Einwohnerportal), SITE_LANGUAGE (de),
ADMIN_USER (admin), ADMIN_PASSWORD (admin), DEMO (1: apply digitalgemeinde:demo to a new site).
"""

import os
import sys

import transaction

from digitalgemeinde.sitesetup import SiteSettings
from digitalgemeinde.sitesetup import act_as
from digitalgemeinde.sitesetup import ensure_admin
from digitalgemeinde.sitesetup import ensure_site

settings = SiteSettings(
    site_id=os.environ.get("SITE_ID", "Plone"),
    title=os.environ.get("SITE_TITLE", "Einwohnerportal"),
    language=os.environ.get("SITE_LANGUAGE", "de"),
    with_demo=os.environ.get("DEMO", "1") not in ("0", "false", "no", ""),
)
admin_user = os.environ.get("ADMIN_USER", "admin")
try:
    admin_state = ensure_admin(
        app,  # noqa: F821 (bound by zconsole)
        admin_user,
        os.environ.get("ADMIN_PASSWORD", "admin"),
    )
    act_as(app, admin_user)  # noqa: F821
    site, created = ensure_site(app, settings)  # noqa: F821
except ValueError as error:
    transaction.abort()
    print(f"Site not created: {error}", file=sys.stderr)
    sys.exit(1)
transaction.commit()
state = "created" if created else "exists"
print(f"Site /{settings.site_id} {state}; admin user {admin_state}.")
