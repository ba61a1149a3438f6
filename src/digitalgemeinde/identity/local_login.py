"""Whether citizens may register and log in with a password here (Site Setup > Login).

``LoginSettings.local_login`` off: the login page shows the providers' buttons instead of the
password form (which stays reachable for local Managers, ``login?local=1``), and nobody may
register themselves. The registration is closed with Plone's own switch
(``plone.enable_self_reg``: Plone then takes "Add portal member" from Anonymous, so ``@@register``
and plone.restapi's ``@users`` refuse it too) and our ``@@register`` says why.
"""

from __future__ import annotations

from plone import api

from digitalgemeinde.identity.providers import CITIZENS
from digitalgemeinde.identity.providers import STAFF
from digitalgemeinde.identity.providers import LoginSettings
from digitalgemeinde.identity.providers import login_settings
from digitalgemeinde.identity.providers import providers
from digitalgemeinde.identity.providers import save_login_settings
from digitalgemeinde.identity.session_limits import apply_timeout

SELF_REG = "plone.enable_self_reg"


def save_settings(settings: LoginSettings) -> None:
    """Store the settings; self-registration follows the local login, plone.session's ticket
    timeout the idle time."""
    save_login_settings(settings)
    apply_timeout()
    if api.portal.get_registry_record(SELF_REG, default=None) != settings.local_login:
        api.portal.set_registry_record(SELF_REG, settings.local_login)


def registration_closed() -> bool:
    """Anonymous visitors may not register (local login off)."""
    return not login_settings().local_login


def login_choices() -> dict:
    """What the login page offers: the enabled providers per audience and whether the password
    form is shown by default (local login on, or no provider to log in with)."""
    citizens = providers(enabled_only=True, audience=CITIZENS)
    staff = providers(enabled_only=True, audience=STAFF)
    local = login_settings().local_login or not (citizens or staff)
    return {"citizens": citizens, "staff": staff, "password_form": local}
