"""Why a login was refused, in the user's language."""

from digitalgemeinde import _

MESSAGES = {
    "no_flow": _(
        "login_refused_no_flow",
        default="This login was not started here, has already been used or took longer than "
        "ten minutes. Please log in again.",
    ),
    "cancelled": _("login_refused_cancelled", default="The login was cancelled."),
    "provider_error": _(
        "login_refused_provider_error",
        default="The login service reported an error. Please try again later.",
    ),
    "state": _(
        "login_refused_state",
        default="This login does not belong to this browser or has already been used. "
        "Please log in again.",
    ),
    "issuer": _(
        "login_refused_issuer",
        default="The answer did not come from the login service it was sent to.",
    ),
    "no_code": _("login_refused_no_code", default="The login service sent no login."),
    "code": _(
        "login_refused_code",
        default="The login service did not confirm this login (it may have been used "
        "already). Please log in again.",
    ),
    "signature": _(
        "login_refused_signature",
        default="The login could not be verified: its signature does not match the login "
        "service's keys.",
    ),
    "expired": _("login_refused_expired", default="The login has expired. Please log in again."),
    "audience": _("login_refused_audience", default="The login was issued for another website."),
    "nonce": _(
        "login_refused_nonce",
        default="The login does not belong to the login started here. Please log in again.",
    ),
    "token": _("login_refused_token", default="The login could not be verified."),
    "userinfo": _(
        "login_refused_userinfo",
        default="The login service's details do not belong to this login.",
    ),
    "level": _(
        "login_refused_level",
        default="This service needs a login at the level «${level}». The login was made at a "
        "lower level.",
    ),
    "unreachable": _(
        "login_refused_unreachable",
        default="The login service cannot be reached at the moment. Please try again later.",
    ),
    "unknown_provider": _(
        "login_refused_unknown_provider", default="This login service is not available here."
    ),
    "no_account": _(
        "login_refused_no_account",
        default="Your organisation's login gives you no access to this portal. Ask your "
        "administrator to add you to a group of the portal.",
    ),
}


class LoginRefused(Exception):
    """A login refused for ``reason`` (a key of MESSAGES); ``detail`` goes to the log only."""

    def __init__(self, reason: str, detail: str = "", mapping: dict | None = None):
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail
        self.mapping = mapping or {}

    def message(self):
        message = MESSAGES.get(self.reason, MESSAGES["token"])
        if self.mapping:
            return _(str(message), default=message.default, mapping=self.mapping)
        return message
