"""The association's groups: made with the first Association, granted their roles on it."""

from digitalgemeinde.association import ASSOCIATION_GROUPS
from digitalgemeinde.association import GROUP_TITLES
from digitalgemeinde.tenancy.groups import ensure_group
from digitalgemeinde.tenancy.groups import grant


def setup_association(association, event=None) -> None:
    """Create ``association-editors`` and ``public-innovators`` (once for the site) and grant
    them their local roles on ``association``; grants of tenant groups a copy brought along go.
    The groups belong to the association (all Associations alike): no tenant gets them."""
    for group_id in ASSOCIATION_GROUPS:
        ensure_group(group_id, GROUP_TITLES[group_id], association)
    grant(association, dict(ASSOCIATION_GROUPS))
