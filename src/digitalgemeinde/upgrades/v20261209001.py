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


def fold_reference_counters(context) -> None:
    """Each tenant's reference counters keep only the last number given out (they kept every
    number taken): new numbers continue after the highest one (``submissions/reference.py``)."""
    from plone import api

    from digitalgemeinde.interfaces import ITenant
    from digitalgemeinde.submissions.reference import upgrade_counters

    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(object_provides=ITenant.__identifier__)
    upgrade_counters(brain._unrestrictedGetObject() for brain in brains)
