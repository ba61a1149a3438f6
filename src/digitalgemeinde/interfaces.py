"""Marker interfaces of the add-on."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IDigitalgemeindeLayer(IDefaultBrowserLayer):
    """Browser layer: registered on install, removed on uninstall."""
