"""Whether the domain of an e-mail address can receive mail: it has MX records, or at least an
address (A or AAAA) that mail is delivered to when it has none (RFC 5321, 5.1).

Asked of a real DNS resolver (dnspython) with a short timeout. When our DNS cannot be asked
(no resolver configured, a timeout, a server failure), the answer is "don't know" and the
address is accepted: a citizen is never refused because of our DNS. Only a clear answer refuses:
the domain does not exist (NXDOMAIN), it has neither MX nor address, or it says it takes no mail
(a "null MX", RFC 7505).

The resolver asked is the system's (/etc/resolv.conf), or the one named by the environment
variable ``DIGITALGEMEINDE_DNS_SERVER`` (``host`` or ``host:port``), e.g. for a test's own DNS
server on 127.0.0.1.
"""

import os

import dns.exception
import dns.resolver

SERVER_VARIABLE = "DIGITALGEMEINDE_DNS_SERVER"
TIMEOUT = 2.0  # seconds for each question; the form waits at most about twice that

RECEIVES, REFUSES, UNKNOWN = True, False, None


def resolver() -> dns.resolver.Resolver | None:
    """The resolver to ask, or None when there is none (no configuration here)."""
    server = os.environ.get(SERVER_VARIABLE, "").strip()
    try:
        answerer = dns.resolver.Resolver(configure=not server)
    except dns.exception.DNSException:  # e.g. no /etc/resolv.conf
        return None
    if server:
        host, _sep, port = server.rpartition(":") if ":" in server else (server, "", "")
        answerer.nameservers = [host]
        answerer.port = int(port) if port else 53
    answerer.timeout = answerer.lifetime = TIMEOUT
    return answerer


def ask(answerer, domain: str, rdtype: str):
    """The records, or REFUSES when the domain does not exist, [] when it has none of this
    type, UNKNOWN when DNS gave no clear answer."""
    try:
        return list(answerer.resolve(domain, rdtype, search=False))
    except dns.resolver.NXDOMAIN:
        return REFUSES
    except dns.resolver.NoAnswer:
        return []
    except (dns.exception.DNSException, OSError, ValueError):
        # timeout, no server answering, SERVFAIL, a network error: not the citizen's fault
        return UNKNOWN


def receives_mail(domain: str) -> bool | None:
    """RECEIVES (True), REFUSES (False) or UNKNOWN (None) for an e-mail domain."""
    answerer = resolver()
    if answerer is None:
        return UNKNOWN
    mx = ask(answerer, domain, "MX")
    if mx is REFUSES or mx is UNKNOWN:
        return mx
    if mx:
        # a null MX ("0 .") says the domain takes no mail
        hosts = {record.exchange.to_text() for record in mx}
        return REFUSES if hosts == {"."} else RECEIVES
    for rdtype in ("A", "AAAA"):
        found = ask(answerer, domain, rdtype)
        if found is REFUSES or found is UNKNOWN:
            return found
        if found:
            return RECEIVES
    return REFUSES
