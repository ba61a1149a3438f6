"""Upgrade to 20261209001: production operation (issue 17).

Each step brings one part of operation (caching, health and metrics, the failure digest) to a
site made by the previous release.
"""


def install_caching(context) -> None:
    """plone.app.caching and the portal's caching rules (caching.py): public pages kept by the
    caching proxy for guests and purged when changed, nothing personal ever kept. Purging
    itself stays off until ``sitesetup.configure_purging`` names the proxies."""
    from plone import api

    from digitalgemeinde.caching import install_caching as install

    install(api.portal.get())
