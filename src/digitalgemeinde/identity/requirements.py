"""What a form requires of the citizen's login, whether the current login meets it, and what a
request records of the login it was made with.

A form's setting ``login_level`` (behaviors/request_form.py) is "" (anyone), "login" (any
login, a password one too) or "<provider id>:<level name>": a login through that provider at
that level or a higher one (levels compare by the provider's order, lowest first). A provider
or level that is not configured (or switched off) here gives a requirement no login meets, so
that such a form refuses rather than accepts a weaker login.

``identification(request)`` is what delivery stores on the request: who submitted it, through
which provider and at which level, and whether the person's data were vouched for.
"""

from __future__ import annotations

from dataclasses import dataclass

from plone import api

from digitalgemeinde import _
from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.identity import prefill
from digitalgemeinde.identity.providers import CITIZENS
from digitalgemeinde.identity.providers import Level
from digitalgemeinde.identity.providers import Provider
from digitalgemeinde.identity.providers import provider as provider_by_id
from digitalgemeinde.identity.sessions import Login
from digitalgemeinde.identity.sessions import current_login
from digitalgemeinde.identity.vocabulary import ANY_LOGIN

NONE = "none"  # anyone may submit
ANY = "login"  # any login, a password one too
LEVEL = "level"  # a provider's level or a higher one
UNCONFIGURED = "unconfigured"  # a provider or level not configured here: nobody

# why a login does not meet a requirement
ANONYMOUS = "anonymous"
TOO_LOW = "level"
WRONG_PROVIDER = "provider"

UNCONFIGURED_MESSAGE = _(
    "login_level_unconfigured",
    default="This form needs a login that is not configured here; please contact the municipality.",
)


@dataclass(frozen=True)
class Requirement:
    kind: str = NONE
    token: str = ""  # the form's setting, e.g. "agov:high"
    provider: Provider | None = None
    level: Level | None = None

    @property
    def needs_login(self) -> bool:
        return self.kind != NONE

    def title(self):
        """What the citizen needs, e.g. "AGOV (Stufe hoch)"; None for none or any login."""
        if self.kind != LEVEL:
            return None
        return _(
            "login_level_title",
            default="${provider} (level ${level})",
            mapping={"provider": self.provider.title, "level": self.level.title},
        )

    def message(self):
        """Why a login does not do, naming the level (translated by the caller)."""
        if self.kind == UNCONFIGURED:
            return UNCONFIGURED_MESSAGE
        if self.kind == LEVEL:
            return _(
                "login_level_required",
                default="This form requires a login with ${provider} at level «${level}».",
                mapping={"provider": self.provider.title, "level": self.level.title},
            )
        return _("login_required_message", default="This form requires a login.")


def requirement_of(setting: str) -> Requirement:
    setting = (setting or "").strip()
    if not setting:
        return Requirement()
    if setting == ANY_LOGIN:
        return Requirement(ANY, setting)
    provider_id, _sep, level_name = setting.partition(":")
    provider = provider_by_id(provider_id)
    level = provider.level(level_name) if provider is not None else None
    if provider is None or not provider.enabled or provider.audience != CITIZENS or level is None:
        return Requirement(UNCONFIGURED, setting)
    return Requirement(LEVEL, setting, provider, level)


def requirement(form) -> Requirement:
    """What ``form`` (an EasyForm) requires of the citizen's login."""
    settings = IRequestForm(form, None)
    return requirement_of(getattr(settings, "login_level", "") if settings is not None else "")


@dataclass(frozen=True)
class Missing:
    """What the current login lacks: ``reason`` is anonymous, level, provider or unconfigured."""

    reason: str
    requirement: Requirement
    login: Login | None = None

    def message(self):
        return self.requirement.message()


def login_of(request) -> Login | None:
    """The current login: None when anonymous; a password one (provider "") when the user is
    authenticated otherwise than by a provider's session (a password, a REST token)."""
    if api.user.is_anonymous():
        return None
    return current_login(request) or Login()


def meets(login: Login | None, wanted: Requirement) -> str | None:
    """None when ``login`` meets ``wanted``, else the reason it does not."""
    if wanted.kind == NONE:
        return None
    if wanted.kind == UNCONFIGURED:
        return UNCONFIGURED
    if login is None:
        return ANONYMOUS
    if wanted.kind == ANY:
        return None
    if login.provider != wanted.provider.id:
        return WRONG_PROVIDER
    reached = wanted.provider.level(login.level)
    if reached is None or reached.acr not in wanted.provider.acr_at_or_above(wanted.level.name):
        return TOO_LOW
    return None


def check(form, request) -> Missing | None:
    """None when the current login meets what ``form`` requires, else what is missing."""
    wanted = requirement(form)
    if wanted.kind == NONE:
        return None
    login = login_of(request)
    reason = meets(login, wanted)
    return Missing(reason, wanted, login) if reason else None


UNVERIFIED = "digitalgemeinde.identity.unverified"


def mark_unverified(request) -> None:
    """The request about to be delivered carries data the provider did not vouch for (a
    required claim was missing or not verified, and the citizen filled it in)."""
    request.set(UNVERIFIED, True)


def identification(request, verified: bool | None = None, form=None) -> dict | None:
    """What a request records of the login it was made with; None when anonymous.

    ``verified``: whether the person's data came vouched for by the provider. By default True
    for a provider's login unless ``mark_unverified(request)`` was called or, given the
    ``form``, the login lacked data the provider requires or the form fills in unvouched
    (``prefill.all_verified``); False for a password login.
    """
    login = login_of(request)
    if login is None:
        return None
    user = api.user.get_current()
    userid = user.getId() if user is not None else ""
    provider = provider_by_id(login.provider) if login.provider else None
    level = provider.level(login.level) if provider is not None else None
    if verified is None:
        verified = provider is not None and not request.get(UNVERIFIED)
        if verified and form is not None:
            verified = prefill.all_verified(form, userid)
    return {
        "provider": login.provider,
        "provider_title": provider.title if provider is not None else login.provider,
        "level": login.level,
        "level_title": level.title if level is not None else login.level,
        "acr": login.acr,
        "userid": userid,
        "verified": bool(verified) and provider is not None,
    }


def describe(record: dict | None):
    """What the office reads of a request's identification (a message to translate)."""
    if not record:
        return _("identification_none", default="not identified")
    if not record.get("provider"):
        return _("identification_password", default="logged in with a password")
    mapping = {
        "provider": record.get("provider_title") or record["provider"],
        "level": record.get("level_title") or record.get("level") or "",
    }
    if not mapping["level"]:
        message = _(
            "identification_provider", default="identified via ${provider}", mapping=mapping
        )
    else:
        message = _(
            "identification_level",
            default="identified via ${provider} (level ${level})",
            mapping=mapping,
        )
    if record.get("verified"):
        return message
    return _(
        "identification_unverified",
        default="${identification}, personal data not verified",
        mapping={"identification": message},
    )
