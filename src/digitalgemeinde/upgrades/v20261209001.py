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


def fingerprints_in_one_bucket(context) -> None:
    """Each form's fingerprints of recent deliveries (the second-click protection) in the tree
    of one large bucket, before simultaneous first submissions all convert it at once."""
    from plone import api

    from digitalgemeinde.submissions.duplicates import take_over

    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="EasyForm"):
        take_over(brain._unrestrictedGetObject())


def index_export_columns(context) -> None:
    """The catalog's ``export_columns`` for every request (``submissions.export``)."""
    from types import SimpleNamespace

    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    if "export_columns" in catalog.indexes():
        return
    catalog.addIndex(
        "export_columns", "FieldIndex", SimpleNamespace(indexed_attrs=["export_columns"])
    )
    for brain in catalog.unrestrictedSearchResults(portal_type="Submission"):
        catalog.catalog_object(
            brain._unrestrictedGetObject(), idxs=["export_columns"], update_metadata=False
        )


def access_logs_by_reference(context) -> None:
    """Each tenant's access log finds a request's entries by its reference (was: by UID), so an
    export's thousands of entries go to neighbouring buckets (``submissions.access_log``)."""
    from plone import api

    from digitalgemeinde.submissions.access_log import log_of

    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type=["Canton", "Municipality"]):
        log = log_of(brain._unrestrictedGetObject())
        if log is not None:
            log.index_by_reference()
