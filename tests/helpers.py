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


# The municipalities the tests build: id -> (title, BFS number, postal code)
MUNICIPALITIES = {
    "liestal": ("Liestal", 2829, "4410"),
    "allschwil": ("Allschwil", 2762, "4123"),
    "reinach": ("Reinach", 2773, "4153"),
    "reinach-ag": ("Reinach (AG)", 4141, "5734"),
}


def add_canton(portal, canton_id="bl", title="Basel-Landschaft", abbreviation="BL", **fields):
    """A canton (BL unless told otherwise), created with the caller's roles."""
    fields.setdefault("canton_number", 13)
    return api.content.create(
        portal, "Canton", id=canton_id, title=title, abbreviation=abbreviation, **fields
    )


def add_municipality(portal, tenant_id, canton="BL", publish=False, **fields):
    """A municipality of ``MUNICIPALITIES`` (or another, given its title, bfs_number and
    postal_codes), created with the caller's roles."""
    if tenant_id in MUNICIPALITIES:
        title, bfs_number, postal_code = MUNICIPALITIES[tenant_id]
        fields = {"title": title, "bfs_number": bfs_number, "postal_codes": [postal_code], **fields}
    tenant = api.content.create(portal, "Municipality", id=tenant_id, canton=canton, **fields)
    if publish:
        api.content.transition(tenant, "publish")
    return tenant


def add_residents_office(tenant, **fields):
    """The office "Einwohnerdienste" of ``tenant``, mailed at ed@<tenant>.example.ch."""
    fields.setdefault("email", f"ed@{tenant.getId()}.example.ch")
    return api.content.create(
        tenant, "Office", id="einwohnerdienste", title="Einwohnerdienste", **fields
    )


def add_tax_office(canton, email="st@bl.example.ch"):
    """The canton's office "Steuerverwaltung"."""
    return api.content.create(
        canton, "Office", id="steuerverwaltung", title="Steuerverwaltung", email=email
    )


def add_service(container, service_id, title, topics, audience=("private",), **fields):
    """A service of ``container`` (created with the caller's roles)."""
    return api.content.create(
        container,
        "Service",
        id=service_id,
        title=title,
        topics=list(topics),
        audience=list(audience),
        **fields,
    )


def add_tax_return(canton):
    """The canton's service "Steuererklärung einreichen"."""
    return add_service(canton, "steuererklaerung", "Steuererklärung einreichen", ["taxes"])


def build_world(portal, *, publish=True, commit=True):
    """Canton BL with an office and a service; Liestal and Allschwil with an office and a
    service each; users for each role. Everything published unless ``publish`` is False."""
    with api.env.adopt_roles(["Manager"]):
        bl = add_canton(portal)
        world = {"bl": bl}
        world["bl-office"] = add_tax_office(bl)
        world["bl-service"] = add_tax_return(bl)
        for tenant_id in ("liestal", "allschwil"):
            tenant = add_municipality(portal, tenant_id, population=15000)
            world[tenant_id] = tenant
            world[f"{tenant_id}-office"] = add_residents_office(tenant)
            world[f"{tenant_id}-service"] = add_service(
                tenant, "hund-anmelden", "Hund anmelden", ["personal"]
            )
            world[f"{tenant_id}-page"] = api.content.create(
                tenant, "Document", id="willkommen", title=f"Willkommen in {tenant.title}"
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
