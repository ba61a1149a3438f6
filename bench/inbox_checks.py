"""Are the measured inbox pages right? The first page of each filtered or sorted inbox (mine,
overdue, by due date), fetched over REST as the inbox's clerk, against the first page the
generator found by a full catalog sort (``manifest[...]["inboxes"][...]["variants"]``).

Overdue changes with time: requests fall due between the generation and the run. A page of
overdue requests that differs is therefore checked for what must hold whatever the time: every
row overdue, newest first.
"""

import http.client
import json
from urllib.parse import urlsplit

VARIANT_TITLES = {"mine": "mir zugewiesen", "overdue": "überfällig", "due": "nach Fälligkeit"}


def fetch(base: str, path: str, headers: dict, accept: str = "application/json"):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    connection.request("GET", parts.path.rstrip("/") + path, headers={**headers, "Accept": accept})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:300]!r}")
    return json.loads(body) if accept == "application/json" else body.decode("utf-8", "replace")


def check_variant(base: str, variant: dict, headers: dict, name: str) -> tuple[bool, str]:
    body = fetch(base, variant["rest"], headers)
    shown = [item["reference"] for item in body["items"]]
    # the page itself, once before the clients run in parallel (its template is compiled
    # then: CPython 3.11 can fail compiling in two threads at once)
    page = fetch(base, variant["url"], headers, accept="text/html")
    if shown and shown[0] not in page:
        return False, f"the page does not list {shown[0]}"
    if shown == variant["first_page"]:
        return True, "same rows as a full catalog sort"
    if name == "overdue":
        newest_first = [item["created"] for item in body["items"]]
        if all(item["overdue"] for item in body["items"]) and newest_first == sorted(
            newest_first, reverse=True
        ):
            return True, "changed since generation (requests fell due); all overdue, newest first"
    return False, f"expected {variant['first_page'][:3]}…, got {shown[:3]}…"


def check_inboxes(manifest: dict, base: str, basic) -> list[str]:
    """One line per inbox and variant: ✓ or ✗ and why; also whether the generator found the
    inbox's page the same as by a full catalog sort."""
    big = manifest["sites"]["bench86"]
    lines = []
    for key, inbox in big["inboxes"].items():
        account = big["clerks"][key]
        headers = basic(account["user"], account["password"])
        for name, variant in inbox.get("variants", {}).items():
            ok, why = check_variant(base, variant, headers, name)
            ok = ok and variant["same_as_full_sort"]
            lines.append(
                f"- {key} {VARIANT_TITLES[name]} ({variant['total']} requests): "
                f"{'✓' if ok else '✗'} {why}"
                + ("" if variant["same_as_full_sort"] else "; generator: page ≠ full sort")
            )
    return lines
