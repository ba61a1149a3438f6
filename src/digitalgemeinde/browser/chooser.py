"""My municipality ("Meine Gemeinde"): citizens find theirs by name or postal code.

The choice is remembered in a cookie holding the municipality's UID, so that other views can
start from the citizen's municipality (``remembered_municipality``).
"""

import difflib
import re
import unicodedata

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde import _
from digitalgemeinde.finder.home import COOKIE_NAME  # the finder reads the choice too

COOKIE_MAX_AGE = 365 * 24 * 60 * 60
MAX_QUERY_LENGTH = 100
MAX_MATCHES = 20
# How alike a typed name must be to a municipality's name (difflib ratio, 0..1).
CUTOFF = 0.8
# A fuzzy match counts as the only one when it beats the next best by this much.
CLEAR_LEAD = 0.1

POSTAL_CODE = re.compile(r"\b[1-9][0-9]{3}\b")
UID = re.compile(r"^[0-9a-f]{32}$")
CANTON_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}


def fold(text: str, expand_umlauts: bool = True) -> str:
    """Lower-case ``text`` without accents and punctuation: "Zürich" -> "zuerich" or "zurich"."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    if expand_umlauts:
        for umlaut, spelled in UMLAUTS.items():
            text = text.replace(umlaut, spelled)
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def spellings(text: str) -> set[str]:
    """The ways a citizen may type ``text``: umlauts spelled out or dropped."""
    return {key for key in (fold(text), fold(text, expand_umlauts=False)) if key}


def name_keys(name: str) -> set[str]:
    """Spellings of a municipality's name, also without a canton suffix: "Reinach (BL)"."""
    return spellings(name) | spellings(CANTON_SUFFIX.sub("", name or ""))


def match_names(query: str, entries) -> list:
    """Values of the ``(name, value)`` entries whose name matches ``query``, best first.

    Exact matches (ignoring case, accents and a canton suffix) win over names that start with
    the query, and those over names within typing distance (difflib). Of the fuzzy matches
    only the best is returned when it is clearly better than the next.
    """
    wanted = spellings(query)
    if not wanted:
        return []
    exact, prefixed, keyed = [], [], []
    for name, value in entries:
        keys = name_keys(name)
        if keys & wanted:
            exact.append(value)
        elif any(key.startswith(w) for key in keys for w in wanted if len(w) >= 3):
            prefixed.append(value)
        else:
            keyed.append((keys, value))
    if exact or prefixed:
        return exact or prefixed

    scored = []
    for keys, value in keyed:
        close = {
            close_key
            for w in wanted
            for close_key in difflib.get_close_matches(w, keys, n=len(keys), cutoff=CUTOFF)
        }
        if close:
            score = max(difflib.SequenceMatcher(None, w, k).ratio() for w in wanted for k in close)
            scored.append((score, value))
    scored.sort(key=lambda item: item[0], reverse=True)
    if len(scored) > 1 and scored[0][0] - scored[1][0] >= CLEAR_LEAD:
        scored = scored[:1]
    return [value for _score, value in scored]


def visible_municipalities(**query) -> list:
    """Catalog brains of the published municipalities the current user may see."""
    return api.content.find(
        portal_type="Municipality", review_state="published", sort_on="sortable_title", **query
    )


def find_municipalities(query: str) -> list:
    """Brains of the municipalities that ``query`` (a name, a postal code or both) names."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    codes = POSTAL_CODE.findall(query)
    name = POSTAL_CODE.sub(" ", query).strip()
    if codes:
        by_code = list(visible_municipalities(postal_codes=codes))
        # "4410 Liestal": the name narrows a postal code shared by several municipalities.
        narrowed = match_names(name, [(brain.Title, brain) for brain in by_code]) if name else []
        return narrowed or by_code
    if not name:
        return []
    return match_names(name, [(brain.Title, brain) for brain in visible_municipalities()])


def municipality_by_uid(uid) -> object | None:
    """The brain of the visible, published municipality with ``uid``, else None."""
    if not isinstance(uid, str) or not UID.match(uid):
        return None
    found = visible_municipalities(UID=uid)
    return found[0] if len(found) == 1 else None


def remembered_municipality(request):
    """The municipality the citizen chose earlier (from the cookie), or None.

    Unknown, malformed or no longer visible values are ignored.
    """
    brain = municipality_by_uid(request.cookies.get(COOKIE_NAME))
    return brain.getObject() if brain is not None else None


def remember_municipality(request, uid: str) -> None:
    request.response.setCookie(
        COOKIE_NAME,
        uid,
        path="/",
        max_age=COOKIE_MAX_AGE,
        same_site="Lax",
        secure=request.get("SERVER_URL", "").startswith("https:"),
    )


class MunicipalityChooser(BrowserView):
    """One field: a municipality's name or postal code; one match leads there."""

    index = ViewPageTemplateFile("templates/chooser.pt")

    query = ""
    matches = ()
    error = None

    def __call__(self):
        form = self.request.form
        query = form.get("q", "")
        self.query = query.strip()[:MAX_QUERY_LENGTH] if isinstance(query, str) else ""
        if "uid" in form:
            brain = municipality_by_uid(form["uid"])
            if brain is not None:
                return self.choose(brain)
            self.error = _("This municipality cannot be chosen. Please search for it again.")
        elif self.query:
            matches = find_municipalities(self.query)
            if len(matches) == 1:
                return self.choose(matches[0])
            self.matches = matches[:MAX_MATCHES]
            if not matches:
                self.error = _(
                    'No municipality found for "${query}". Check the spelling or enter your '
                    "postal code.",
                    mapping={"query": self.query},
                )
        return self.index()

    def choose(self, brain):
        remember_municipality(self.request, brain.UID)
        self.request.response.redirect(brain.getURL())
        return ""

    def remembered(self):
        return remembered_municipality(self.request)

    def choice_url(self, brain) -> str:
        return f"{api.portal.get().absolute_url()}/@@meine-gemeinde?uid={brain.UID}"

    def postal_codes(self, brain) -> str:
        return ", ".join(getattr(brain.getObject(), "postal_codes", None) or ())
