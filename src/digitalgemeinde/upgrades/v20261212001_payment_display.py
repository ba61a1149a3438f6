"""Upgrade step to profile version 20261212001 for the payment shown in the inbox (issue 20).

The inbox shows "bezahlt" from the catalog's metadata ``payment_amount`` (the centimes paid
online before delivery, ``payments.display``), so that it loads no request. Existing sites get
the column; their requests were made before online payment and stay unpaid (a record without
the value reads ``Missing.Value``, which the inbox takes as unpaid): no reindexing is needed.
"""

from plone import api

COLUMN = "payment_amount"


def add_payment_column(context) -> None:
    catalog = api.portal.get_tool("portal_catalog")
    if COLUMN not in catalog.schema():
        catalog.addColumn(COLUMN)
