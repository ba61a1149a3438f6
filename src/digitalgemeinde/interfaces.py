"""Marker interfaces of the add-on."""

from collective.easyform.interfaces import IAction
from zope import schema
from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer

from digitalgemeinde import _


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


# The easyform action "Deliver to office" (submissions/action.py): here, beneath the request flow
# that asks for it, as easyform keeps ISaveData in its interfaces. (No docstring: the action's
# __doc__ is taken from it.)
class IDeliverToOffice(IAction):
    office = schema.Choice(
        title=_("Office"),
        description=_(
            "The office whose inbox receives the requests. Empty: the responsible office of "
            "the service that links this form."
        ),
        vocabulary="digitalgemeinde.vocabularies.form_offices",
        required=False,
    )
    email_field = schema.ASCIILine(
        title=_("Email field"),
        description=_("Name of the form field with the citizen's email address."),
        default="email",
        required=False,
    )
