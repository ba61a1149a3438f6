"""Upgrade step to profile version 20261211001 for repeating groups (issue 19).

Editors of existing sites find «Wiederholte Gruppe» among the field types of easyform's field
editor: the type is added to ``easyform.allowedFields`` (the fields a site allows), keeping the
types the site has chosen.
"""

from plone import api

from digitalgemeinde.submissions.groups import GROUP_TYPE

RECORD = "easyform.allowedFields"


def allow_groups(context) -> None:
    allowed = list(api.portal.get_registry_record(RECORD, default=None) or [])
    if GROUP_TYPE not in allowed:
        api.portal.set_registry_record(RECORD, [*allowed, GROUP_TYPE])
