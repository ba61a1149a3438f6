"""Fees and online payment (issue 20): fee rules of services, merchant accounts per tenant,
and the payment providers behind one interface."""

# The providers register themselves when imported: importing the package registers them all.
from digitalgemeinde.payments import datatrans  # noqa: E402, F401
