"""Helpers of the tests of the office's side: requests, offices, what a browser was shown."""

import re  # noqa: F401

import transaction
from DateTime import DateTime
from plone import api

from digitalgemeinde.submissions.delivery import deliver
from tests.helpers import browser_for
from tests.helpers import create_user

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"


# Helpers, also used by test_submission_page.py and test_export.py


def make_submission(form, request, **values):
    """A request to Liestal's Einwohnerdienste, as the form's action delivers it."""
    data = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello", **values}
    return deliver(form, data, request).submission


def open_form(app, form, **values):
    """The request form in an anonymous browser, filled with Anna's request for Bello."""
    browser = browser_for(app)
    browser.open(form.absolute_url())
    defaults = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}
    for name, value in {**defaults, **values}.items():
        browser.getControl(name=f"form.widgets.{name}").value = value
    return browser


def a_minute_apart(form, request, count: int) -> list:
    """``count`` requests named "Person <n>", made one a minute from 2026-03-02 08:00 UTC
    (the index counts minutes), committed."""
    made = [make_submission(form, request, name=f"Person {n}") for n in range(count)]
    with api.env.adopt_roles(["Manager"]):
        for minute, submission in enumerate(made):
            submission.creation_date = DateTime("2026-03-02 08:00 UTC") + minute / 1440
            submission.reindexObject()
    transaction.commit()
    return made


def add_office(tenant, office_id: str, title: str, clerk: str):
    """An office of ``tenant`` and a member of its staff group named ``clerk``."""
    with api.env.adopt_roles(["Manager"]):
        office = api.content.create(tenant, "Office", id=office_id, title=title)
        api.content.transition(office, "publish")
    create_user(clerk, [f"{tenant.getId()}-{office_id}-staff"])
    return office


def move_to(submission, office):
    with api.env.adopt_roles(["Manager"]):
        return api.content.move(source=submission, target=office)


def denied(browser) -> bool:
    """401/403, or Plone's login or insufficient-privileges page."""
    status = int(browser.headers["status"].split()[0])
    return status in (401, 403) or any(
        page in browser.url for page in ("require_login", "login", "insufficient-privileges")
    )


def rows(browser) -> list[str]:
    """The references listed on an inbox page, top to bottom."""
    return re.findall(r">(\d+-\d{4}-\d{6})</a></td>", browser.contents)


def inbox_url(obj, query: str = "") -> str:
    return f"{obj.absolute_url()}/@@inbox" + (f"?{query}" if query else "")


# Fixtures
