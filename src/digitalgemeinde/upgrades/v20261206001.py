"""Upgrade to 20261206001: security (issue 13)."""

from plone import api

from digitalgemeinde.security.forms import turn_off_unapproved_code
from digitalgemeinde.security.login import install_login_throttle


def turn_off_code_in_forms(context) -> None:
    """Forms holding code that no site Manager approved: their code is turned off until a
    Manager looks (Site Setup → Code in forms). Who changed a model before this version was
    not recorded, so every form with code counts as changed by someone who may not use code."""
    turn_off_unapproved_code(reason="upgrade 20261206001")


def throttle_logins(context) -> None:
    """Every password check of the site passes the login throttle."""
    install_login_throttle(api.portal.get())
