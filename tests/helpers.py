"""Helpers shared by the tests: a tenant world to test isolation in, and clients for it."""

import base64
import json

import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

PASSWORD = "secret-password-1"


def basic_auth(user: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def browser_for(app, user: str | None = None, password: str = PASSWORD) -> Browser:
    """A testbrowser, anonymous or logged in with HTTP basic auth."""
    browser = Browser(app)
    browser.handleErrors = True
    browser.raiseHttpErrors = False
    if user == "admin":
        browser.addHeader("Authorization", basic_auth(SITE_OWNER_NAME, SITE_OWNER_PASSWORD))
    elif user:
        browser.addHeader("Authorization", basic_auth(user, password))
    return browser


class RestClient:
    """plone.restapi over WSGI in-process: ``status, body = client.patch(url, {...})``."""

    def __init__(self, app, user: str | None = None, password: str = PASSWORD):
        self.testapp = Browser(app).testapp
        self.headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if user == "admin":
            self.headers["Authorization"] = basic_auth(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        elif user:
            self.headers["Authorization"] = basic_auth(user, password)

    def request(self, method: str, url: str, data=None):
        body = json.dumps(data).encode() if data is not None else b""
        response = self.testapp.request(
            url, method=method, body=body, headers=self.headers, expect_errors=True
        )
        try:
            payload = response.json
        except (ValueError, AttributeError):
            payload = response.text
        return response.status_int, payload

    def get(self, url):
        return self.request("GET", url)

    def post(self, url, data):
        return self.request("POST", url, data)

    def patch(self, url, data):
        return self.request("PATCH", url, data)

    def delete(self, url):
        return self.request("DELETE", url)


def create_user(username: str, groups=(), password: str = PASSWORD):
    user = api.user.create(
        email=f"{username}@example.ch",
        username=username,
        password=password,
        properties={"fullname": username.replace("-", " ").title()},
    )
    for group in groups:
        api.group.add_user(groupname=group, username=username)
    return user


def build_world(portal, *, publish=True, commit=True):
    """Canton BL with an office and a service; Liestal and Allschwil with an office and a
    service each; users for each role. Everything published unless ``publish`` is False."""
    with api.env.adopt_roles(["Manager"]):
        bl = api.content.create(
            portal,
            "Canton",
            id="bl",
            title="Basel-Landschaft",
            abbreviation="BL",
            canton_number=13,
        )
        world = {"bl": bl}
        world["bl-office"] = api.content.create(
            bl, "Office", id="steuerverwaltung", title="Steuerverwaltung", email="st@bl.example.ch"
        )
        world["bl-service"] = api.content.create(
            bl,
            "Service",
            id="steuererklaerung",
            title="Steuererklärung einreichen",
            topics=["taxes"],
            audience=["private"],
        )
        for tenant_id, title, bfs, plz in (
            ("liestal", "Liestal", 2829, "4410"),
            ("allschwil", "Allschwil", 2762, "4123"),
        ):
            tenant = api.content.create(
                portal,
                "Municipality",
                id=tenant_id,
                title=title,
                bfs_number=bfs,
                canton="BL",
                postal_codes=[plz],
                population=15000,
            )
            world[tenant_id] = tenant
            world[f"{tenant_id}-office"] = api.content.create(
                tenant,
                "Office",
                id="einwohnerdienste",
                title="Einwohnerdienste",
                email=f"ed@{tenant_id}.example.ch",
            )
            world[f"{tenant_id}-service"] = api.content.create(
                tenant,
                "Service",
                id="hund-anmelden",
                title="Hund anmelden",
                topics=["personal"],
                audience=["private"],
            )
            world[f"{tenant_id}-page"] = api.content.create(
                tenant, "Document", id="willkommen", title=f"Willkommen in {title}"
            )
        if publish:
            for key, obj in world.items():
                if key.endswith(("-service", "-office", "-page")) or key in (
                    "bl",
                    "liestal",
                    "allschwil",
                ):
                    api.content.transition(obj, "publish")
    for username, groups in (
        ("liestal-editor", ["liestal-editors"]),
        ("liestal-reviewer", ["liestal-reviewers"]),
        ("liestal-admin", ["liestal-admins"]),
        ("liestal-clerk", ["liestal-einwohnerdienste-staff"]),
        ("allschwil-editor", ["allschwil-editors"]),
        ("bl-editor", ["bl-editors"]),
    ):
        create_user(username, groups)
    if commit:
        transaction.commit()
    return world
