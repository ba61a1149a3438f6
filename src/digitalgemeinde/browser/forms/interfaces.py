"""Markers of the forms' rendering."""

from collective.easyform.interfaces import IEasyFormWidget
from zope.interface import Interface


class IForgivingWidget(IEasyFormWidget):
    """A widget of a request form shown by ``view.RequestForm``: its layout says which
    control is in error and why (``aria-invalid``, ``aria-describedby``) and how to autofill."""


class IStepForm(Interface):
    """The form of a request form shown as steps (``steps.StepForm``), for ``(form, request)``:
    the form's page uses it instead of the one-page form when the form says "as steps"."""
