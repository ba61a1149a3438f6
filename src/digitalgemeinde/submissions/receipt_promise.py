"""Whether a request's receipt went out by mail, and whether a form can send one at all.

The receipt page and the next steps promise a mail only when one was queued: the form had a
receipt address (the field the "Deliver to office" action names, ``email`` by default) and the
citizen gave a valid one. A form without such a field says so to its editors before it is
published (the warning on the form and the message on publishing, ``browser/form_readiness``).
"""

from Acquisition import aq_base
from collective.easyform.api import get_schema

from digitalgemeinde import _
from digitalgemeinde.submissions.delivery import deliver_action

MAILED = "receipt_mailed"


def remember(submission, mailed: bool) -> None:
    """Keep on the request whether its receipt was queued (its receipt page is a later one)."""
    setattr(submission, MAILED, bool(mailed))


def receipt_mailed(submission) -> bool:
    """Whether the receipt was mailed; for requests from before this was kept: whether the
    request has a receipt address."""
    mailed = getattr(aq_base(submission), MAILED, None)
    if mailed is None:
        return bool(getattr(submission, "submitter_email", ""))
    return bool(mailed)


def receipt_field(form) -> str | None:
    """The field of ``form`` the receipt goes to, or None when it has none."""
    action = deliver_action(form)
    if action is None:
        return None
    name = getattr(action, "email_field", None) or "email"
    return name if name in get_schema(form) else None


def delivery_problems(form) -> list:
    """What keeps ``form`` from reaching its office or the citizen, for its editors."""
    if deliver_action(form) is None:
        return [
            _(
                "form_no_delivery",
                default="This form has no action «Deliver to office»: requests reach no "
                "office's inbox.",
            )
        ]
    if receipt_field(form) is None:
        return [
            _(
                "form_no_receipt_field",
                default="This form has no e-mail field «email»: citizens get no receipt and no "
                "news about their request by e-mail. Add an e-mail field named «email».",
            )
        ]
    return []
