"""Which addresses the portal may send requests to: the screen of an office's specialist
application address (server-side request forgery), without sending anything.

A leaf beneath the Office type, whose field's constraint is ``check_url`` (save time), and
beneath ``security.outgoing``, which vets the address again when the worker sends (``vet``) and
connects to exactly the addresses it checked. The rules are told there.
"""

import ipaddress
import re
import socket
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urlsplit

from plone import api
from zope.i18nmessageid import Message
from zope.interface import Invalid
from zope.schema.interfaces import ValidationError

from digitalgemeinde import _

ALLOWED_HOSTS = "digitalgemeinde.outgoing_allowed_hosts"
ALLOW_HTTP = "digitalgemeinde.outgoing_allow_http"
DEFAULT_PORTS = {"http": 80, "https": 443}
SAVE_TIME_DNS_TIMEOUT = 3.0  # seconds; a name that does not resolve in time is checked when sent

# Not publicly routable, or with a special purpose, beyond what ``ipaddress`` calls non-global:
# carrier-grade NAT, IETF protocol assignments, benchmarking, "this network", the old class E,
# site-local and unique-local IPv6, multicast.
BLOCKED_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",
        "100.64.0.0/10",
        "192.0.0.0/24",
        "198.18.0.0/15",
        "240.0.0.0/4",
        "224.0.0.0/4",
        "fec0::/10",
        "fc00::/7",
        "ff00::/8",
    )
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")
# A host whose last label is a number is an IPv4 address to resolvers and browsers alike
# (WHATWG URL: "ends in a number"), however it is spelled: 2130706433, 0x7f.1, 127.1, 0177.0.0.1.
NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")

_resolver = ThreadPoolExecutor(max_workers=2, thread_name_prefix="digitalgemeinde-dns")


class Refused(ValidationError):
    """An address the portal does not send to; ``doc()`` says why, in the user's language."""

    message = ""

    def __init__(self, value: str, address: str = ""):
        super().__init__(value, address)

    def doc(self):
        value, address = self.args
        return Message(self.message, mapping={"value": value, "address": address})


class NotHTTPS(Refused):
    message = _(
        "error_outgoing_https",
        default="'${value}': requests are delivered to https:// addresses only. A plain "
        "http:// address needs a Site Administrator's permission (Site Setup, "
        "Einwohnerportal, Outgoing connections).",
    )


class InternalAddress(Refused):
    message = _(
        "error_outgoing_internal",
        default="'${value}' leads to ${address}, an address inside the hosting network "
        "(loopback, link-local, private or reserved). Only a Site Administrator can allow it "
        "(Site Setup, Einwohnerportal, Outgoing connections).",
    )


class OddSpelling(Refused):
    message = _(
        "error_outgoing_spelling",
        default="'${value}' spells the IP address ${address} in an unusual way: write it as "
        "${address}.",
    )


class BadHost(Refused):
    message = _(
        "error_outgoing_host",
        default="'${value}' has no valid host name, or contains a user name or password.",
    )


@dataclass(frozen=True)
class Address:
    scheme: str
    host: str  # lower case, without brackets or a trailing dot; IDNA-encoded
    port: int
    path: str  # path and query, as sent in the request line
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None  # when the host is an IP literal
    odd: ipaddress.IPv4Address | None = None  # an IPv4 address in an unusual spelling


@dataclass(frozen=True)
class Target:
    """An address vetted at send time, with the socket addresses it may connect to."""

    address: Address
    sockaddrs: tuple  # (family, sockaddr) pairs from the one resolution

    @property
    def host(self) -> str:
        return self.address.host


def literal(host: str):
    """The IP address ``host`` spells in the canonical way, else None."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def odd_ipv4(host: str):
    """The IPv4 address of a host whose last label is a number (None for a name)."""
    if not NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def ascii_host(url: str, host: str) -> str:
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise BadHost(url) from error
    if not host or not all(LABEL.match(label) for label in host.split(".")):
        raise BadHost(url)
    return host


def parse(url: str) -> Address:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:  # a broken IPv6 literal, a port that is no number
        raise BadHost(url) from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise NotHTTPS(url)
    if parts.username is not None or parts.password is not None:
        raise BadHost(url)
    host = (parts.hostname or "").rstrip(".")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    port = port or DEFAULT_PORTS[scheme]
    ip = literal(host)
    if ip is not None:
        return Address(scheme, host, port, path, ip)
    if ":" in host:  # an IPv6 literal that is none
        raise BadHost(url)
    odd = odd_ipv4(host)
    if odd is None and NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]):
        raise BadHost(url)  # ends in a number, yet no address: resolvers disagree on it
    if odd is not None:
        return Address(scheme, host, port, path, None, odd)
    return Address(scheme, ascii_host(url, host), port, path, None)


def embedded_ipv4(ip):
    """The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), else None."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def forbidden(ip) -> bool:
    """Whether ``ip`` lies inside a hosting network or a range with a special purpose."""
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip)
    inner = embedded_ipv4(ip)
    if inner is not None:
        if forbidden(inner):
            return True
        if ip.ipv4_mapped is not None or ip in NAT64:
            return False  # the IPv4 address is what is reached
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_unspecified
        or ip.is_multicast
        or ip.is_reserved
        or (ip.version == 6 and ip.is_site_local)
        or any(ip.version == net.version and ip in net for net in BLOCKED_NETWORKS)
    )


def parse_entry(line: str) -> tuple[str, int | None]:
    """``host``, ``host:port``, ``[ipv6]`` or ``[ipv6]:port`` of the allow-list: (host, port)."""
    line = line.strip()
    parts = urlsplit(f"//{line}")
    port = parts.port  # ValueError if it is no number
    host = (parts.hostname or "").rstrip(".")
    extra = parts.path or parts.query or parts.fragment or parts.username or parts.password
    if not host or extra:
        raise ValueError(line)
    ip = literal(host)
    if ip is not None:
        return str(ip), port
    if ":" in host or odd_ipv4(host) is not None:
        raise ValueError(line)
    return ascii_host(line, host), port


def check_allowed_host_line(value: str) -> bool:
    """The control panel's constraint for a line of ``outgoing_allowed_hosts``."""
    try:
        parse_entry(value)
    except (ValueError, Refused) as error:
        raise Invalid(
            _(
                "error_outgoing_allowed_host",
                default="'${value}' is not a host: write a name or an IP address, optionally "
                "with a port, e.g. fachapp.intern:8443, 10.0.0.5 or [fd00::5]:443.",
                mapping={"value": value},
            )
        ) from error
    return True


def allow_list() -> list[tuple[str, int | None]]:
    entries = []
    for line in api.portal.get_registry_record(ALLOWED_HOSTS, default=None) or ():
        if line and line.strip() and not line.strip().startswith("#"):
            try:
                entries.append(parse_entry(line))
            except (ValueError, Refused):
                continue  # the control panel refuses such lines; one stored before is ignored
    return entries


def http_allowed() -> bool:
    return bool(api.portal.get_registry_record(ALLOW_HTTP, default=False))


def is_listed(address: Address) -> bool:
    """Whether a Manager allow-listed this host (and port) in Site Setup."""
    if address.odd is not None:
        return False
    for host, port in allow_list():
        if port is not None and port != address.port:
            continue
        if address.ip is not None:
            entry_ip = literal(host)
            if entry_ip is not None and entry_ip == address.ip:
                return True
        elif host == address.host:
            return True
    return False


def screen(url: str) -> tuple[Address, bool]:
    """The parsed address and whether it is allow-listed; refuses what no resolution can
    make right: another scheme than https (unless allowed), a bad host, an odd spelling."""
    address = parse(url)
    listed = is_listed(address)
    if address.scheme != "https" and not (listed or (address.scheme == "http" and http_allowed())):
        raise NotHTTPS(url)
    if address.odd is not None:
        if forbidden(address.odd):
            raise InternalAddress(url, str(address.odd))
        raise OddSpelling(url, str(address.odd))
    if not listed and address.ip is not None and forbidden(address.ip):
        raise InternalAddress(url, str(address.ip))
    return address, listed


def resolve(address: Address) -> list[tuple]:
    """(family, sockaddr) of every address the host resolves to; OSError if none."""
    infos = socket.getaddrinfo(address.host, address.port, type=socket.SOCK_STREAM)
    found = []
    for family, _type, _proto, _name, sockaddr in infos:
        if (family, sockaddr) not in found:
            found.append((family, sockaddr))
    return found


def first_forbidden(sockaddrs) -> str | None:
    for _family, sockaddr in sockaddrs:
        host = sockaddr[0].split("%", 1)[0]  # without an IPv6 zone
        if forbidden(host):
            return host
    return None


def is_local_name(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")  # RFC 6761: always loopback


def check_url(value: str) -> bool:
    """The constraint of an office's address (save time). Leaves what is no http(s) URL to the
    field's own check. A name that does not resolve now is accepted: ``vet`` decides."""
    if not value or not value.strip().lower().startswith(("http://", "https://")):
        return True
    address, listed = screen(value)
    if listed or address.ip is not None:
        return True
    if is_local_name(address.host):
        raise InternalAddress(value, "127.0.0.1")
    future = _resolver.submit(resolve, address)
    try:
        sockaddrs = future.result(timeout=SAVE_TIME_DNS_TIMEOUT)
    except (OSError, FutureTimeout):
        return True
    bad = first_forbidden(sockaddrs)
    if bad is not None:
        raise InternalAddress(value, bad)
    return True
