"""Limits of a request and the answer to a request that breaks them.

Zope reads a request's parameters (``ZPublisher.HTTPRequest.processInputs``) before it knows the
user, the site or the page: a multipart body past its limits (``multipart``'s parts, header
lines, memory), a parameter its converter cannot read (``x:int=abc``, a ``:record`` date that is
not a date) or an address that is not UTF-8 ended there in a 500 or in Plone's generic error
page. ``guard_request`` (on ``IPubStart``) turns exactly those errors, and only those, into
``RequestRefused``: a 400 or 413 with a message in the request's language, before anything is
stored. Its page (browser/) and its JSON answer (services/) only render it.

It also forgets the user of the thread's previous request: Zope sets the security manager only
after reading the parameters, so an error there was shown with the rights of whoever the thread
served before, and a Manager's previous request showed anonymous users a traceback.

plone.restapi's ``@search`` converts its query parameters (``b_size``, ``path.depth``, ...)
itself; ``StrictCatalogQuery`` refuses those it cannot read with a 400 naming them.
"""

import contextlib
import re
from http.cookies import CookieError
from http.cookies import SimpleCookie
from urllib.parse import unquote_to_bytes

from AccessControl.SecurityManagement import noSecurityManager
from DateTime.interfaces import DateTimeError
from multipart import ParserLimitReached
from plone.restapi.exceptions import QueryParsingError
from plone.restapi.search.query import ZCatalogCompatibleQueryAdapter
from zExceptions import BadRequest
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.publisher.browser import BrowserLanguages
from ZPublisher import HTTPRequest
from ZPublisher.Converters import get_converter

from digitalgemeinde import _
from digitalgemeinde.submissions.limits import MAX_FILENAME

LANGUAGES = ("de", "fr", "it")  # the portal's languages (sitesetup.LANGUAGES)
DEFAULT_LANGUAGE = "de"
LANGUAGE_COOKIE = "I18N_LANGUAGE"  # the citizen's choice of the language switch
# set by digitalgemeinde.security.wsgi when the address is not UTF-8
UNDECODABLE_PATH = "digitalgemeinde.undecodable_path"
MAX_NAME_SHOWN = 100

# What a parameter's converter (``name:int``) expects, for the message.
EXPECTED = {
    "int": _("a whole number"),
    "long": _("a whole number"),
    "float": _("a number"),
    "date": _("a date"),
    "date_international": _("a date"),
    "required": _("a value"),
    "json": _("JSON"),
}
# Errors of Zope's converters and parsers: what a request's parameters can cause there.
INPUT_ERRORS = (BadRequest, ValueError, TypeError, LookupError, DateTimeError)


class RequestRefused(BadRequest):
    """A request refused before anything was done: ``status`` (400 or 413), a translatable
    ``message`` and, where parameters are at fault, ``errors`` ``[{"field", "message"}]``."""

    def __init__(self, message, status: int = 400, errors: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.errors = errors or []


# --- the language of the answer ------------------------------------------------------------


def request_language(request) -> str:
    """The citizen's choice (the language switch's cookie), else the first of the portal's
    languages the request accepts (``Accept-Language``), else German. Read from the headers
    themselves: the parameters may fail before the site is known."""
    chosen = SimpleCookie()
    with contextlib.suppress(CookieError):  # a malformed header: as if there were none
        chosen.load(request.environ.get("HTTP_COOKIE", ""))
    if LANGUAGE_COOKIE in chosen and chosen[LANGUAGE_COOKIE].value in LANGUAGES:
        return chosen[LANGUAGE_COOKIE].value
    try:
        preferred = BrowserLanguages(request).getPreferredLanguages()
    except Exception:  # a malformed header is no reason for another error
        preferred = []
    for language in preferred:
        base = language.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


def translated(message, request) -> str:
    if isinstance(message, Message):
        return translate(message, target_language=request_language(request))
    return str(message)


# --- reading the parameters ----------------------------------------------------------------


def guard_request(event) -> None:
    """``IPubStart``: no user until Zope has authenticated this request; the reading of its
    parameters refuses what they cannot be read as, instead of failing with a 500."""
    noSecurityManager()
    request = event.request
    read_parameters = request.processInputs

    def process_inputs(*args, **kwargs):
        request.__dict__.pop("processInputs", None)  # once, and no reference cycle
        if request.environ.get(UNDECODABLE_PATH) or not utf8(request.get("QUERY_STRING", "")):
            raise RequestRefused(_("The address contains characters that are not allowed."))
        try:
            return read_parameters(*args, **kwargs)
        except RequestRefused:
            raise
        except INPUT_ERRORS as error:
            raise refusal(request, error) from error

    request.processInputs = process_inputs


def utf8(query_string: str) -> bool:
    """Whether a query string is UTF-8 once its %-escapes are read, as every browser sends."""
    try:
        unquote_to_bytes(query_string.encode("latin-1", "replace")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def refusal(request, error: Exception) -> RequestRefused:
    """What to tell about an error of Zope's reading of the parameters."""
    cause = error.__context__ if isinstance(error, BadRequest) else error
    if isinstance(cause, ParserLimitReached):
        return limit_refusal(str(cause))
    if isinstance(error, BadRequest) and "memory" in str(error):
        return limit_refusal("memory")
    found = parameter_at_fault(request)
    if found is None:  # a malformed body, or a name that is not in the site's charset
        return RequestRefused(
            _(
                "The data sent could not be read. Nothing was stored. Please reload the page "
                "and try again."
            )
        )
    name, type_name = found
    message = _(
        "The parameter ${name} does not have a valid value: ${expected} is expected.",
        mapping={"name": name, "expected": EXPECTED.get(type_name, type_name)},
    )
    return RequestRefused(message, errors=[{"field": name, "message": message}])


def limit_refusal(reason: str) -> RequestRefused:
    """A multipart body past one of the limits of Zope's parser."""
    reason = reason.lower()
    if "segment count" in reason:
        message = _(
            "The form was sent with too many fields (at most ${limit}). Nothing was stored. "
            "Please reload the form and fill it in again.",
            mapping={"limit": HTTPRequest.FORM_PART_LIMIT},
        )
        return RequestRefused(message, status=413)
    if "header" in reason:
        message = _(
            "A file name or field name sent with the form is too long (file names may have "
            "at most ${limit} characters). Nothing was stored. Please rename the file and send "
            "the form again.",
            mapping={"limit": MAX_FILENAME},
        )
        return RequestRefused(message, status=400)
    message = _(
        "The form was sent with more data than this site accepts. Nothing was stored. "
        "Please send smaller files."
    )
    return RequestRefused(message, status=413)


def parameter_at_fault(request) -> tuple[str, str] | None:
    """The name of the first parameter whose converter fails on its value, and the
    converter's name; None when none does."""
    fields = getattr(getattr(request, "_fs", None), "list", None) or ()
    for item in fields:
        name = item.name or ""
        if ":" not in name or hasattr(item, "file"):
            continue
        key, *type_names = name.split(":")
        for type_name in type_names:
            converter = get_converter(type_name, None)
            if converter is None:
                continue
            try:
                value = item.value
            except BadRequest:  # too large to read: not what failed
                continue
            if not getattr(converter, "binary", False):
                charset = item.value_charset or request.charset
                value = value.decode(charset, "surrogateescape")
            try:
                converter(value)
            except Exception:
                return key[:MAX_NAME_SHOWN], type_name
    return None


# --- plone.restapi's search ----------------------------------------------------------------

OPTION = re.compile(r"query option '(\w+)'")
# plone.batching fails on a page size below 1 (an AssertionError, a 500)
MINIMUM = {"b_size": 1, "sort_limit": 1}


def search_refusal(name: str) -> RequestRefused:
    name = name[:MAX_NAME_SHOWN]
    message = _("The search parameter ${name} does not have a valid value.", mapping={"name": name})
    return RequestRefused(message, errors=[{"field": name, "message": message}])


class StrictCatalogQuery(ZCatalogCompatibleQueryAdapter):
    """plone.restapi's conversion of ``@search``'s parameters to a catalog query; a parameter
    it cannot convert (``b_size=abc``, ``path.depth=x``) is a 400 naming it, not a 500."""

    def __call__(self, query):
        for name in list(query):
            try:
                parsed = super().__call__({name: query[name]})
            except (QueryParsingError, ValueError, TypeError) as error:
                option = OPTION.search(str(error))
                raise search_refusal(f"{name}.{option.group(1)}" if option else name) from error
            if name in MINIMUM and parsed[name] < MINIMUM[name]:
                raise search_refusal(name)
            query.update(parsed)
        return query
