"""The stand-in's payment page: German, plain forms, no JavaScript."""

from html import escape
from urllib.parse import parse_qsl
from urllib.parse import urlencode
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

STYLE = (
    "body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
    "dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:bold}"
    "button{font-size:1rem;padding:.6rem 1.2rem;margin:.25rem .5rem .25rem 0;border:2px solid"
    " #1a1a1a;border-radius:4px;background:#fff;color:#1a1a1a}"
    "button[value=pay]{background:#0b5394;border-color:#0b5394;color:#fff}"
    ".note{background:#fff4ce;padding:.5rem 1rem}.error{color:#a4000f}"
)


def with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` appended to its query (as Datatrans appends datatransTrxId)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def document(title: str, content: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main><h1>{escape(title)}</h1>{content}</main></body></html>"
    )


def chf(centimes: int) -> str:
    return f"CHF {centimes // 100}.{centimes % 100:02d}"


def payment(tid: str, transaction: dict, amount: int, error: bool = False) -> str:
    problem = '<p class="error" role="alert">Bitte eine der drei Schaltflächen wählen.</p>'
    content = (
        '<p class="note">Testumgebung: Es wird kein Geld bewegt.</p>'
        + (problem if error else "")
        + "<dl>"
        + (f"<dt>Betrag</dt><dd>{escape(chf(amount))}</dd>" if amount else "")
        + f"<dt>Referenz</dt><dd>{escape(transaction['refno'])}</dd>"
        + f"<dt>Transaktion</dt><dd>{escape(tid)}</dd></dl>"
        + f'<form method="post" action="/v1/start/{escape(tid)}">'
        + '<button type="submit" name="action" value="pay">Bezahlen</button>'
        + '<button type="submit" name="action" value="decline">Ablehnen</button>'
        + '<button type="submit" name="action" value="cancel">Abbrechen</button>'
        + "</form>"
    )
    return document("Zahlung", content)


def not_found() -> str:
    return document("Zahlung nicht gefunden", "<p>Diese Zahlung gibt es nicht.</p>")


def finished() -> str:
    return document(
        "Zahlung abgeschlossen",
        "<p>Diese Zahlung ist bereits abgeschlossen. Kehren Sie zum Portal zurück.</p>",
    )
