"""Upgrade to 20261208001: the staff's workbench (issue 16).

Each step brings one part of the workbench to a site made by the previous release.
"""

from digitalgemeinde.setuphandlers import keep_out_of_navigation


def keep_requests_out_of_navigation(context) -> None:
    """Requests are never listed in the navigation (they were, to their clerks)."""
    keep_out_of_navigation()
