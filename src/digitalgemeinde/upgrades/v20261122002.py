"""Upgrade to 20261122002: the association's home (issue 6), REST and outbox (issue 7)."""

from plone import api

INDEXES = {
    "standard_uid": "FieldIndex",
    "delivery_state": "FieldIndex",
    "delivery_due": "DateIndex",
}
COLUMNS = ("delivery_state",)


def add_indexes(context) -> None:
    """Add the indexes of adopted services and of the outbox (empty on a site before this
    version: no service was adopted and no request had a delivery job then)."""
    catalog = api.portal.get_tool("portal_catalog")
    for name, meta_type in INDEXES.items():
        if name not in catalog.indexes():
            extra = {"indexed_attrs": name} if meta_type == "FieldIndex" else None
            catalog.addIndex(name, meta_type, extra=extra)
    for name in COLUMNS:
        if name not in catalog.schema():
            catalog.addColumn(name)


def add_settings(context) -> None:
    """Records of the new settings (the outbox's retries); values set before are kept."""
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    from digitalgemeinde.controlpanel import ISettings

    getUtility(IRegistry).registerInterface(ISettings, prefix="digitalgemeinde")


def navigation(context) -> None:
    """Services and forms out of the navigation; the association's types in it."""
    from plone import api

    from digitalgemeinde.setuphandlers import keep_out_of_navigation

    shown = tuple(api.portal.get_registry_record("plone.displayed_types", default=()) or ())
    added = ("Association", "ServiceCatalog", "Workshop", "ProjectStatus")
    api.portal.set_registry_record(
        "plone.displayed_types", shown + tuple(name for name in added if name not in shown)
    )
    keep_out_of_navigation()
