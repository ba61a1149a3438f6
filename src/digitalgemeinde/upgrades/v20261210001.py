"""Upgrade steps to profile version 20261210001 (issue 18: identity)."""

from plone import api

from digitalgemeinde.identity.signin import install_accounts as install


def install_accounts(context) -> None:
    install(api.portal.get())


def index_submitter_email(context) -> None:
    """The catalog's ``submitter_email_key`` for every request (``identity.linking``: earlier
    requests found by the e-mail a provider vouches for)."""
    from types import SimpleNamespace

    catalog = api.portal.get_tool("portal_catalog")
    if "submitter_email_key" in catalog.indexes():
        return
    catalog.addIndex(
        "submitter_email_key",
        "FieldIndex",
        SimpleNamespace(indexed_attrs=["submitter_email_key"]),
    )
    for brain in catalog.unrestrictedSearchResults(portal_type="Submission"):
        catalog.catalog_object(
            brain._unrestrictedGetObject(), idxs=["submitter_email_key"], update_metadata=False
        )


def control_panel_entry(context) -> None:
    """Site Setup lists «Login services» (the providers and the login settings)."""
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile("profile-digitalgemeinde:default", "controlpanel")


def apply_session_timeout(context) -> None:
    """plone.session's tickets expire after the login settings' idle time (30 minutes unless a
    Manager set another), not after its own two hours."""
    from digitalgemeinde.identity.session_limits import apply_timeout

    apply_timeout(api.portal.get())
