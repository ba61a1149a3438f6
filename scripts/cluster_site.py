"""`make cluster`'s site: create it as `make start` does (scripts/create_site.py, same
environment: SITE_ID, ADMIN_USER, ADMIN_PASSWORD, DEMO...), then let Plone purge Varnish at
CLUSTER_PURGE_URL when an editor changes a page (``sitesetup.configure_purging``, when the
installed version has it). Run through zconsole, which binds ``app``:

    .venv/bin/zconsole run instance/etc/zope-relstorage.conf scripts/cluster_site.py
"""

import os
import runpy
from pathlib import Path

import transaction
from zope.component.hooks import setSite

from digitalgemeinde import sitesetup

# zconsole gives a script no __file__: the scripts are beside the instance's folder
SCRIPTS = Path(os.environ["INSTANCE_HOME"]).resolve().parent / "scripts"
runpy.run_path(str(SCRIPTS / "create_site.py"), init_globals={"app": app})  # noqa: F821

purge_url = os.environ.get("CLUSTER_PURGE_URL")
configure_purging = getattr(sitesetup, "configure_purging", None)
if purge_url and configure_purging is not None:
    site = app[os.environ.get("SITE_ID", "Plone")]  # noqa: F821
    setSite(site)
    sitesetup.act_as(app, os.environ.get("ADMIN_USER", "admin"))  # noqa: F821
    configure_purging(site, [purge_url])
    transaction.commit()
    print(f"Plone purges Varnish at {purge_url}")
elif purge_url:
    print("No purging: this version has no sitesetup.configure_purging")
