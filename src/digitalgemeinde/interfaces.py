"""Marker interfaces of the add-on."""

from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IDigitalgemeindeLayer(IDefaultBrowserLayer):
    """Browser layer: registered on install, removed on uninstall."""


class ITenant(Interface):
    """A Canton or Municipality: the root of a subtree that its own groups edit."""


class ICanton(ITenant):
    """Marker of the Canton type."""


class IMunicipality(ITenant):
    """Marker of the Municipality type."""


class IOffice(Interface):
    """Marker of the Office type."""


class IService(Interface):
    """Marker of the Service type."""


class ISubmission(Interface):
    """Marker of the Submission type: one citizen request in an office's inbox."""


class IAssociation(Interface):
    """Marker of the Association type: the project's home (news, status, catalog, workshops)."""


class IServiceCatalog(Interface):
    """Marker of the ServiceCatalog type: holds the association's StandardServices."""


class IStandardService(Interface):
    """Marker of the StandardService type: a service defined once, released in versions."""


class IWorkshop(Interface):
    """Marker of the Workshop type: where Public Innovators define standard services."""


class IProjectStatus(Interface):
    """Marker of the ProjectStatus type: milestones and figures computed from the site."""
