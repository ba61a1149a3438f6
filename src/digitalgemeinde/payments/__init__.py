"""Fees and online payment (issue 20): fee rules of services, merchant accounts per tenant,
and the payment providers behind one interface."""
