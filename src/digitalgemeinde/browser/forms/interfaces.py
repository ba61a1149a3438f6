"""Markers of the forms' rendering."""

from collective.easyform.interfaces import IEasyFormWidget


class IForgivingWidget(IEasyFormWidget):
    """A widget of a request form shown by ``view.RequestForm``: its layout says which
    control is in error and why (``aria-invalid``, ``aria-describedby``) and how to autofill."""
