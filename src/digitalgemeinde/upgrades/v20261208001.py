"""Upgrade to 20261208001: the staff's workbench (issue 16).

Each step brings one part of the workbench to a site made by the previous release.
"""

from digitalgemeinde.setuphandlers import keep_out_of_navigation


def keep_requests_out_of_navigation(context) -> None:
    """Requests are never listed in the navigation (they were, to their clerks)."""
    keep_out_of_navigation()


def add_privacy_settings(context) -> None:
    """The settings "Purpose and data protection" (text and address) that new forms show."""
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    from digitalgemeinde.controlpanel import ISettings

    getUtility(IRegistry).registerInterface(ISettings, prefix="digitalgemeinde")


def add_export_setting(context) -> None:
    """The setting "Export in the background from (requests)"; the other settings kept."""
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    from digitalgemeinde.controlpanel import ISettings

    getUtility(IRegistry).registerInterface(ISettings, prefix="digitalgemeinde")


def add_access_log_setting(context) -> None:
    """The setting "Keep the access log (days)" (default 365); the other settings kept. The
    access log itself is made in each tenant with its first entry."""
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    from digitalgemeinde.controlpanel import ISettings

    getUtility(IRegistry).registerInterface(ISettings, prefix="digitalgemeinde")
