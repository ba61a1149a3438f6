"""The digest mail of a tenant's admin: plain text, in the admin's language (German first).

The admins are the users of the tenant's admins group with an email address, each once. Their
language is their own (personal preferences) if the portal speaks it, else the site's, else
German.
"""

from plone import api
from zope.i18n import translate
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.emails import is_email
from digitalgemeinde.submissions.mail import send
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.tenancy import tenant_group_id

LANGUAGES = ("de", "fr", "it")
FIRST = "de"


def site_language() -> str:
    language = (api.portal.get_default_language() or "").split("-")[0]
    return language if language in LANGUAGES else FIRST


def admins(tenant) -> list[tuple[str, str, str]]:
    """``(email, name, language)`` of each admin of ``tenant`` with an address, by address."""
    fallback = site_language()
    found = {}
    for user in api.user.get_users(groupname=tenant_group_id(tenant.getId(), "admins")):
        email = (user.getProperty("email") or "").strip()
        if not is_email(email) or email.lower() in found:
            continue
        language = (user.getProperty("language") or "").split("-")[0]
        name = user.getProperty("fullname") or user.getUserName()
        found[email.lower()] = (email, name, language if language in LANGUAGES else fallback)
    return sorted(found.values())


def failed_section(report) -> list:
    if not report.failed_total:
        return []
    lines = [
        _(
            "digest_failed_heading",
            default="Deliveries to specialist applications that failed (${count}):",
            mapping={"count": report.failed_total},
        )
    ]
    for item in report.failed:
        lines.append(
            _(
                "digest_failed_line",
                default="- ${reference}, ${office}, failed since ${since}: ${error}\n  ${url}",
                mapping={
                    "reference": item.reference,
                    "office": item.office,
                    "since": local_time(item.since),
                    "error": item.error,
                    "url": item.url,
                },
            )
        )
    if report.failed_total > len(report.failed):
        lines.append(
            _(
                "digest_failed_more",
                default="- and ${count} more: see the inboxes.",
                mapping={"count": report.failed_total - len(report.failed)},
            )
        )
    lines.append(
        _(
            "digest_failed_hint",
            default="Once the problem is solved, open the request and press «Send again» "
            "(or choose them in the inbox).",
        )
    )
    return lines


def overdue_section(report) -> list:
    if not report.overdue:
        return []
    lines = [
        _(
            "digest_overdue_heading",
            default="Requests past their due date (${count}):",
            mapping={"count": sum(item.count for item in report.overdue)},
        )
    ]
    for item in report.overdue:
        lines.append(
            _(
                "digest_overdue_line",
                default="- ${office}: ${count} overdue\n  ${url}",
                mapping={"office": item.office, "count": item.count, "url": item.url},
            )
        )
    return lines


def bounced_section(report) -> list:
    if not report.bounced_total:
        return []
    lines = [
        _(
            "digest_bounced_heading",
            default="Mails about requests that did not arrive (${count}):",
            mapping={"count": report.bounced_total},
        )
    ]
    for item in report.bounced:
        mapping = {
            "reference": item.reference,
            "office": item.office,
            "recipient": item.recipient,
            "when": local_time(item.when),
            "reason": item.reason,
            "status": item.status,
            "url": item.url,
        }
        lines.append(
            _(
                "digest_bounced_line",
                default="- ${reference}, ${office}: the mail to ${recipient} of ${when} did not "
                "arrive: ${reason} (${status})\n  ${url}",
                mapping=mapping,
            )
        )
    if report.bounced_total > len(report.bounced):
        lines.append(
            _(
                "digest_bounced_more",
                default="- and ${count} more: see the requests' history.",
                mapping={"count": report.bounced_total - len(report.bounced)},
            )
        )
    lines.append(
        _(
            "digest_bounced_hint",
            default="Check the address with the citizen or the office, e.g. by phone.",
        )
    )
    return lines


def compose(report, name: str, language: str) -> tuple[str, str]:
    """Subject and body of the digest of ``report`` for the admin ``name`` in ``language``."""
    tenant = report.tenant.Title()
    mapping = {"tenant": tenant, "site": api.portal.get().Title(), "name": name}
    subject = _("digest_subject", default="Daily digest of ${tenant}", mapping=mapping)
    paragraphs = [
        _("digest_hello", default="Hello ${name},", mapping=mapping),
        _(
            "digest_intro",
            default="this is the daily digest of ${tenant} on ${site}.",
            mapping=mapping,
        ),
    ]
    sections = [failed_section(report), overdue_section(report), bounced_section(report)]
    footer = _(
        "digest_footer",
        default="You receive this mail as an administrator of ${tenant}. It names requests by "
        "their reference only, never what they contain.",
        mapping=mapping,
    )

    def text(message) -> str:
        if isinstance(message, Message) and message.mapping:
            mapping = {
                key: translate(value, target_language=language)
                if isinstance(value, Message)
                else value
                for key, value in message.mapping.items()
            }
            message = Message(message, mapping=mapping)
        return translate(message, target_language=language)

    blocks = [text(p) for p in paragraphs]
    blocks += ["\n".join(text(line) for line in section) for section in sections if section]
    blocks.append(text(footer))
    return text(subject), "\n\n".join(blocks) + "\n"


def queue_digest(report) -> int:
    """Queue one mail per admin of the report's tenant (sent on commit); how many."""
    sent = 0
    for email, name, language in admins(report.tenant):
        subject, body = compose(report, name, language)
        sent += bool(send([email], subject, body))
    return sent
