"""Where the portal may send requests: the addresses of the offices' specialist applications.

An editor sets that address, and the outbox worker POSTs every request to it from inside the
hosting network, so an address must not lead back into that network (server-side request
forgery): only ``https://`` to public addresses, unless a Manager allow-listed the host in Site
Setup (``outgoing_allowed_hosts``: ``host`` or ``host:port`` per line; such a host may also use
plain http and internal addresses) or allowed plain http for public hosts (``outgoing_allow_http``).

Checked twice. When the address is saved (``check_url`` of ``digitalgemeinde.outgoing_addresses``,
the Office field's constraint, so the edit form and plone.restapi refuse it naming the field);
and when the worker sends (``vet``), because DNS may have changed since: the name is resolved
once, every address it resolves to is checked, and ``post`` connects to exactly those addresses
(no second resolution to rebind), keeping the host name for the Host header, SNI and
certificate verification. Redirects are never followed: an answer 3xx is handed back as it is.
"""

import http.client
import socket
import ssl

from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.outgoing_addresses import InternalAddress
from digitalgemeinde.outgoing_addresses import Target
from digitalgemeinde.outgoing_addresses import first_forbidden
from digitalgemeinde.outgoing_addresses import resolve
from digitalgemeinde.outgoing_addresses import screen

MAX_ANSWER = 65536  # bytes of an answer read (and dropped) before the connection is closed


def vet(url: str) -> Target:
    """The send-time check: resolves once and checks every address (``Refused`` if one is
    forbidden, ``OSError`` if the name does not resolve)."""
    address, listed = screen(url)
    sockaddrs = resolve(address)
    if not listed:
        bad = first_forbidden(sockaddrs)
        if bad is not None:
            raise InternalAddress(url, bad)
    return Target(address, tuple(sockaddrs))


def open_socket(target: Target, timeout: float) -> socket.socket:
    """A connection to the first of the vetted addresses that answers."""
    error = OSError(f"No address of {target.host}")
    for family, sockaddr in target.sockaddrs:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
        except OSError as failure:
            sock.close()
            error = failure
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    raise error


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to a vetted address instead of resolving the host again."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.address.port, timeout=timeout)
        self.target = target

    def connect(self):
        self.sock = open_socket(self.target, self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS for the host name: SNI and certificate verification stay on."""

    def __init__(self, target: Target, timeout: float):
        context = ssl.create_default_context()
        super().__init__(target.host, target.address.port, timeout=timeout, context=context)
        self.target = target

    def connect(self):
        sock = open_socket(self.target, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(target: Target, body: bytes, headers: dict, timeout: float) -> tuple[int, str, str]:
    """POST ``body`` to the vetted target: (status, reason, Location); no redirect followed."""
    kind = PinnedHTTPSConnection if target.address.scheme == "https" else PinnedHTTPConnection
    connection = kind(target, timeout)
    try:
        connection.request("POST", target.address.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(MAX_ANSWER)
        return response.status, response.reason, response.getheader("Location", "")
    finally:
        connection.close()


def redirect_refused(status: int, location: str) -> Message:
    return _(
        "error_outgoing_redirect",
        default="The specialist application answered HTTP ${status} (a redirect to "
        "'${location}'): redirects are not followed. Correct the office's address.",
        mapping={"status": str(status), "location": location[:200]},
    )
