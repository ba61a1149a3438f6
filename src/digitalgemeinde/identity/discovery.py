"""What a provider publishes: its metadata (discovery), its keys (JWKS) and the userinfo.

Every call goes through the portal's outgoing check (``security.outgoing.vet``): https to
public addresses, or a host a Manager allow-listed in Site Setup. Metadata and keys are kept for
an hour per process; a key the provider rotated in is fetched again at once (flow._decode).
Redirects are not followed. A provider that does not answer raises ``Unreachable``.
"""

from __future__ import annotations

import threading
import time

import requests

from digitalgemeinde.identity.errors import LoginRefused
from digitalgemeinde.identity.providers import Provider
from digitalgemeinde.outgoing_addresses import Refused
from digitalgemeinde.security.outgoing import vet

TIMEOUT = 10
KEEP_SECONDS = 3600
_cache: dict[tuple[str, str], tuple[float, dict]] = {}
_lock = threading.Lock()


class Unreachable(LoginRefused):
    def __init__(self, detail: str = ""):
        super().__init__("unreachable", detail)


def vet_url(url: str) -> None:
    try:
        vet(url)
    except (Refused, OSError) as error:
        raise Unreachable(f"{url}: {error!r}") from error


def get_json(url: str, headers: dict | None = None) -> dict:
    vet_url(url)
    try:
        answer = requests.get(url, headers=headers or {}, timeout=TIMEOUT, allow_redirects=False)
        answer.raise_for_status()
        data = answer.json()
    except (requests.RequestException, ValueError) as error:
        raise Unreachable(f"{url}: {error!r}") from error
    if not isinstance(data, dict):
        raise Unreachable(f"{url}: not a JSON object")
    return data


def _cached(kind: str, key: str, load, fresh: bool) -> dict:
    now = time.monotonic()
    with _lock:
        hit = _cache.get((kind, key))
    if hit is not None and not fresh and now - hit[0] < KEEP_SECONDS:
        return hit[1]
    data = load()
    with _lock:
        _cache[(kind, key)] = (now, data)
    return data


def metadata(provider: Provider, fresh: bool = False) -> dict:
    def load():
        url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
        data = get_json(url)
        if data.get("issuer") != provider.issuer:
            raise Unreachable(f"discovery names issuer {data.get('issuer')!r}")
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not data.get(name):
                raise Unreachable(f"discovery lacks {name}")
        return data

    return _cached("metadata", provider.issuer, load, fresh)


def jwks(provider: Provider, fresh: bool = False) -> dict:
    uri = metadata(provider)["jwks_uri"]
    return _cached("jwks", uri, lambda: get_json(uri), fresh)


def userinfo(provider: Provider, access_token: str) -> dict:
    endpoint = metadata(provider).get("userinfo_endpoint")
    if not endpoint or not access_token:
        return {}
    return get_json(endpoint, {"Authorization": f"Bearer {access_token}"})


def forget() -> None:
    """Drop what was kept (tests, and a provider's settings saved anew)."""
    with _lock:
        _cache.clear()
