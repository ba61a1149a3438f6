"""ServiceCatalog: the standard services the association defines for every municipality."""

from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer

from digitalgemeinde.interfaces import IServiceCatalog


class IServiceCatalogSchema(model.Schema):
    """Title and description only (plone.basic)."""


@implementer(IServiceCatalog)
class ServiceCatalog(Container):
    """Holds StandardServices."""
