"""Workshop: where the association and its Public Innovators define standard services."""

from plone.app.textfield import RichText
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.app.z3cform.widgets.select import SelectFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.interface import Invalid
from zope.interface import implementer
from zope.interface import invariant

from digitalgemeinde import _
from digitalgemeinde.interfaces import IWorkshop


class IWorkshopSchema(model.Schema):
    directives.widget("theme", SelectFieldWidget)
    theme = schema.Choice(
        title=_("Theme"),
        description=_("The life situation the workshop is about."),
        vocabulary="digitalgemeinde.vocabularies.topics",
    )
    start = schema.Datetime(title=_("Start"))
    end = schema.Datetime(title=_("End"), required=False)
    place = schema.TextLine(title=_("Place"), required=False)
    facilitators = schema.List(
        title=_("Facilitators"),
        description=_("One name per line."),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    directives.widget(
        "participants",
        RelatedItemsFieldWidget,
        pattern_options={"selectableTypes": ["Municipality"], "basePath": "/"},
    )
    participants = RelationList(
        title=_("Participating municipalities"),
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        required=False,
        default=[],
    )
    directives.widget(
        "outcomes",
        RelatedItemsFieldWidget,
        pattern_options={"selectableTypes": ["StandardService"], "basePath": "/"},
    )
    outcomes = RelationList(
        title=_("Outcomes"),
        description=_("The standard services the workshop defined."),
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        required=False,
        default=[],
    )
    text = RichText(
        title=_("Programme and results"),
        required=False,
    )

    @invariant
    def end_after_start(data):
        start, end = getattr(data, "start", None), getattr(data, "end", None)
        if start and end and end < start:
            raise Invalid(_("The workshop cannot end before it starts."))


@implementer(IWorkshop)
class Workshop(Container):
    """A workshop; its material (files, pages) lies inside it."""
