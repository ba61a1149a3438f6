"""Upgrade steps to profile version 20261210001 (issue 18: identity)."""

from plone import api

from digitalgemeinde.identity.signin import install_accounts as install


def install_accounts(context) -> None:
    install(api.portal.get())
