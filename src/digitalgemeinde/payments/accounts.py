"""Each tenant's merchant account at a payment provider (issue 20).

A municipality is paid into its own account; a canton into its own, for the services that lie in
the canton's folder. Tenants do not nest (a Municipality lies beside its Canton at the site's
root and names it by abbreviation), so ``tenants.tenant_of`` of a cantonal service is the canton
and of a municipality's service the municipality: ``account_for`` follows it and never falls
back from a municipality to its canton.

Stored in an annotation of the tenant (``KEY``), beside the tenant's other own state (reference
counters, access log): it moves with the tenant when it is renamed, goes when it is deleted,
and is neither a schema field (plone.restapi serializes those) nor in the catalog. The registry
would need a record per tenant, readable by every Manager through ``@registry`` and its control
panel, and left behind by a renamed tenant. The record names the tenant's UID: a copy of a tenant
(a new UID) does not pay into the original's account.

The secrets (Datatrans: the API ``password`` and the webhook's ``hmac_key``) are kept as given:
the provider's API needs them in clear, and the ZODB is the trust boundary (as for the OIDC
client secret). Only ``account_for``, which builds the ``MerchantAccount`` for the provider's
client, returns them; ``settings_of`` says per secret whether it is set.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from types import MappingProxyType
from urllib.parse import urlsplit

from AccessControl import getSecurityManager
from persistent.mapping import PersistentMapping
from plone import api
from plone.uuid.interfaces import IUUID
from zope.annotation.interfaces import IAnnotations
from zope.i18nmessageid import Message
from zope.publisher.interfaces import IRequest
from zope.publisher.interfaces.browser import IBrowserView

from digitalgemeinde import _
from digitalgemeinde.interfaces import ITenant
from digitalgemeinde.payments.provider import FACTORIES
from digitalgemeinde.payments.provider import MerchantAccount
from digitalgemeinde.tenants import tenant_of

logger = logging.getLogger("digitalgemeinde.payments")

KEY = "digitalgemeinde.payments.account"
DATATRANS = "datatrans"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
URL_FIELDS = ("api_url", "pay_url")
# who may set a tenant's account: its admins (and Managers), as for its members
PERMISSION = "digitalgemeinde: Manage tenant members"
HEX = re.compile(r"^(?:[0-9a-fA-F]{2})+$")


@dataclass(frozen=True)
class Secret:
    name: str
    title: Message
    hex: bool = False  # written in hexadecimal, as the provider shows it


@dataclass(frozen=True)
class ProviderSpec:
    """What a provider's account needs: the form of its merchant id and its secrets."""

    title: str
    merchant_id: re.Pattern
    bad_merchant_id: Message
    secrets: tuple[Secret, ...] = ()


SPECS = {
    DATATRANS: ProviderSpec(
        "Datatrans",
        # the merchantId of Datatrans' API (the user name of its Basic authentication)
        re.compile(r"^\d{10}$"),
        _(
            "payment_bad_merchant_id_datatrans",
            default="A Datatrans merchant id has 10 digits, e.g. 1100012345.",
        ),
        (
            Secret("password", _("payment_secret_password", default="API password")),
            Secret("hmac_key", _("payment_secret_hmac_key", default="HMAC key"), hex=True),
        ),
    )
}
GENERIC = ProviderSpec(
    "",
    re.compile(r"^[A-Za-z0-9._-]{1,64}$"),
    _(
        "payment_bad_merchant_id",
        default="The merchant id has at most 64 letters, digits, dots, hyphens or underscores.",
    ),
)


def may_manage(tenant) -> bool:
    """Whether the current user may set ``tenant``'s merchant account."""
    return bool(getSecurityManager().checkPermission(PERMISSION, tenant))


def settings_url(tenant) -> str:
    return f"{tenant.absolute_url()}/@@payment-settings"


def provider_names() -> list[str]:
    """The providers an account may use: Datatrans and every registered one."""
    return sorted({DATATRANS, *FACTORIES})


def spec_of(name: str) -> ProviderSpec:
    return SPECS.get(name, GENERIC)


def all_secrets() -> tuple[Secret, ...]:
    """Every secret any offered provider needs, each once (the settings form's fields)."""
    found: dict[str, Secret] = {}
    for name in provider_names():
        for secret in spec_of(name).secrets:
            found.setdefault(secret.name, secret)
    return tuple(found.values())


@dataclass(frozen=True)
class AccountSettings:
    """A tenant's account as the settings page shows it: of each secret only whether it is set."""

    provider: str = DATATRANS
    merchant_id: str = ""
    api_url: str = ""
    pay_url: str = ""
    active: bool = False
    secrets_set: frozenset[str] = frozenset()
    changed: datetime | None = None
    changed_by: str = ""
    exists: bool = False


class AccountRefused(ValueError):
    """What the entered values get wrong, per field (field name -> message)."""

    def __init__(self, errors: dict[str, Message]):
        super().__init__(errors)
        self.errors = errors


def _record(tenant):
    """The stored account of ``tenant`` (None if none, or if it was copied from another)."""
    record = IAnnotations(tenant).get(KEY)
    if record is None or record.get("tenant_uid") != IUUID(tenant, None):
        return None
    return record


def settings_of(tenant) -> AccountSettings:
    """What the settings page shows of ``tenant``'s account (the defaults if it has none)."""
    record = _record(tenant)
    if record is None:
        return AccountSettings()
    return AccountSettings(
        provider=record["provider"],
        merchant_id=record["merchant_id"],
        api_url=record.get("api_url", ""),
        pay_url=record.get("pay_url", ""),
        active=bool(record.get("active")),
        secrets_set=frozenset(name for name, value in record["secrets"].items() if value),
        changed=record.get("changed"),
        changed_by=record.get("changed_by", ""),
        exists=True,
    )


def _content(context):
    """The content object ``context`` stands for: itself, or a request's published object."""
    if IRequest.providedBy(context):
        published = context.get("PUBLISHED")
        found = published.context if IBrowserView.providedBy(published) else published
        if found is None or not hasattr(found, "aq_chain"):
            parents = context.get("PARENTS") or [None]
            found = parents[0]
        return found
    if IBrowserView.providedBy(context):
        return context.context
    return context


def account_for(context) -> MerchantAccount | None:
    """The merchant account of the tenant that owns ``context`` (a service, a form, a request,
    an HTTP request); None when it has none or it is not active. With the secrets, for the
    provider's client only."""
    content = _content(context)
    tenant = tenant_of(content) if content is not None else None
    record = _record(tenant) if tenant is not None else None
    if record is None or not record.get("active"):
        return None
    return MerchantAccount(
        provider=record["provider"],
        merchant_id=record["merchant_id"],
        secrets=MappingProxyType(dict(record["secrets"])),
        api_url=record.get("api_url", ""),
        pay_url=record.get("pay_url", ""),
    )


def tenant_by_uid(tenant_uid: str):
    """The tenant with this UID, found unrestricted (a payment attempt keeps its tenant's UID;
    the worker runs as nobody); None when it is gone."""
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(UID=tenant_uid):
        tenant = brain._unrestrictedGetObject()
        if ITenant.providedBy(tenant):
            return tenant
    return None


def account_for_tenant_uid(tenant_uid: str) -> MerchantAccount | None:
    """``account_for`` of the tenant with this UID (the worker's poll has no request)."""
    tenant = tenant_by_uid(tenant_uid)
    return account_for(tenant) if tenant is not None else None


def check_url(value: str) -> Message | None:
    """Why ``value`` may not be a base URL (None if it may; empty means production)."""
    if not value:
        return None
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.scheme == "http" and host and host not in LOCAL_HOSTS:
        return _(
            "payment_url_not_https",
            default="Only https:// addresses are allowed (http:// only for localhost or "
            "127.0.0.1): ${url}",
            mapping={"url": value},
        )
    if (
        parts.scheme not in ("http", "https")
        or not host
        or parts.username
        or parts.password
        or parts.query
        or parts.fragment
    ):
        return _(
            "payment_bad_url",
            default="Enter an address such as https://api.sandbox.datatrans.com, or leave the "
            "field empty for the provider's production address.",
        )
    return None


def _clean(data: dict) -> dict:
    values = {
        "provider": (data.get("provider") or DATATRANS).strip(),
        "merchant_id": (data.get("merchant_id") or "").strip(),
        "active": bool(data.get("active")),
    }
    for name in URL_FIELDS:
        values[name] = (data.get(name) or "").strip().rstrip("/")
    return values


def _check_secrets(spec, data: dict, stored: dict, active: bool, errors: dict) -> dict:
    """The secrets after the change (name -> value); problems added to ``errors``."""
    secrets = {}
    for secret in spec.secrets:
        given = (data.get(secret.name) or "").strip()
        clear = bool(data.get(f"clear_{secret.name}"))
        if given and clear:
            errors[secret.name] = _(
                "payment_secret_both",
                default="Enter a new value or remove the stored one, not both.",
            )
        elif given and secret.hex and not HEX.match(given):
            errors[secret.name] = _(
                "payment_secret_not_hex",
                default="The ${secret} is written in hexadecimal: digits 0–9 and letters a–f, "
                "as the provider shows it.",
                mapping={"secret": secret.title},
            )
        value = "" if clear else (given or stored.get(secret.name, ""))
        if active and not value and secret.name not in errors:
            errors[secret.name] = _(
                "payment_secret_needed",
                default="An active account needs the ${secret}.",
                mapping={"secret": secret.title},
            )
        secrets[secret.name] = value
    return secrets


def validate(tenant, data: dict) -> dict:
    """The account ``data`` (the form's values) make of ``tenant``'s; AccountRefused if wrong.
    An empty secret keeps the stored one; ``clear_<secret>`` removes it."""
    values, errors = _clean(data), {}
    if values["provider"] not in provider_names():
        errors["provider"] = _("payment_unknown_provider", default="Choose a payment provider.")
    spec = spec_of(values["provider"])
    if not spec.merchant_id.match(values["merchant_id"]):
        errors["merchant_id"] = spec.bad_merchant_id
    for name in URL_FIELDS:
        problem = check_url(values[name])
        if problem is not None:
            errors[name] = problem
    record = _record(tenant)
    stored = dict(record["secrets"]) if record is not None else {}
    values["secrets"] = _check_secrets(spec, data, stored, values["active"], errors)
    if errors:
        raise AccountRefused(errors)
    return values


def _changes(record, values: dict) -> list[str]:
    """The names of the fields that change (secrets: replaced or removed), never a value."""
    old = dict(record) if record is not None else {}
    changed = [
        name
        for name in ("provider", "merchant_id", *URL_FIELDS, "active")
        if old.get(name) != values[name]
    ]
    old_secrets = dict(old.get("secrets") or {})
    for name, value in values["secrets"].items():
        if value == old_secrets.get(name, ""):
            continue
        changed.append(f"{name} ({'removed' if not value else 'set'})")
    changed += [f"{name} (removed)" for name in old_secrets if name not in values["secrets"]]
    return changed


def save(tenant, data: dict, actor: str) -> list[str]:
    """Check and store ``tenant``'s account; the names of the fields changed (logged with the
    actor, never a secret). AccountRefused (nothing stored) when a value is wrong."""
    values = validate(tenant, data)
    record = _record(tenant)
    changed = _changes(record, values)
    if not changed:
        return []
    annotations = IAnnotations(tenant)
    annotations[KEY] = PersistentMapping(
        {
            **{name: values[name] for name in ("provider", "merchant_id", *URL_FIELDS)},
            "active": values["active"],
            "secrets": PersistentMapping(values["secrets"]),
            "tenant_uid": IUUID(tenant, None),
            "changed": datetime.now(UTC),
            "changed_by": actor,
        }
    )
    logger.info(
        "Merchant account of %s changed by %s: %s",
        "/".join(tenant.getPhysicalPath()),
        actor,
        ", ".join(changed),
    )
    return changed
