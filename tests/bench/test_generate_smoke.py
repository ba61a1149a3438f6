"""The benchmark data generator (bench/generate.py) at a tiny scale, in the functional layer.

What the harness relies on: the counts asked for, a manifest with every URL and value it
requests, inbox counters that agree with the catalog, manifest values the forms accept, and a
second run that adds nothing.
"""

import io
import json
import re
from collections import Counter

import pytest
import transaction
from plone import api

from bench import generate
from digitalgemeinde.submissions.counts import state_counts
from digitalgemeinde.submissions.due_dates import indexed_due_day
from tests.helpers import RestClient
from tests.helpers import browser_for

SCALE = generate.Scale(
    municipalities=2,
    services=3,
    inbox_100k=5,
    inbox_10k=10,
    inbox_100=20,
    spread=6,
    saved_rows=25,
    small_municipalities=3,
    small_submissions=4,
)
# What bench/run.py reads from a site's entry.
HARNESS_KEYS = (
    "service",
    "document",
    "form",
    "form_values",
    "form_json_values",
    "plain_form",
    "plain_form_values",
    "steps_form",
    "one_page_form",
    "steps_form_steps",
    "steps_form_values",
    "inbox_100k",
    "inbox_10k",
    "inbox_100",
    "saved_data_10k",
    "finder",
    "rest_service",
    "rest_document",
    "rest_submit",
    "clerk",
)


class TestGenerateSmoke:
    @pytest.fixture
    def built(self, functional, tmp_path):
        portal = functional["portal"]
        log = io.StringIO()
        with api.env.adopt_roles(["Manager"]):
            entry = generate.build_site(
                portal, "bench86", SCALE, generate.Clock(out=log), small=False
            )
        transaction.commit()
        manifest = {"admin": {"user": "admin", "password": "admin"}, "sites": {"x": entry}}
        path = tmp_path / "manifest.json"
        generate.write_manifest(path, manifest)
        return {
            "portal": portal,
            "app": functional["app"],
            "entry": json.loads(path.read_text())["sites"]["x"],
            "log": log.getvalue(),
        }

    def test_counts_manifest_and_inboxes(self, built):
        portal, entry = built["portal"], built["entry"]
        assert entry["counts"] == {
            "municipalities": 2,
            "offices": 2 * 3 + 2,  # and the canton's two
            "services": 2 * 3,
            "forms": 2 * 3 + 2 + 2,  # the two baseline forms, figure 8's in steps and one page
            "submissions": 5 + 10 + 20 + 6,
        }
        assert set(HARNESS_KEYS) <= set(entry)
        assert entry["clerk"]["password"]
        catalog = api.portal.get_tool("portal_catalog")
        for key, size in SCALE.inbox_sizes().items():
            inbox = entry["inboxes"][key]
            assert entry[key] == inbox["url"] == f"{inbox['office']}/@@inbox"
            office = portal.unrestrictedTraverse(inbox["office"])
            assert office.objectCount() == size == inbox["requests"]
            brains = catalog.unrestrictedSearchResults(
                portal_type="Submission", path=inbox["office"]
            )
            in_catalog = Counter(brain.review_state for brain in brains)
            counted = state_counts(office)
            assert sum(counted.values()) == size
            assert {state: n for state, n in counted.items() if n} == dict(in_catalog)
            assert inbox["state_counts"] == counted
        # every request looks like a delivered one
        brain = catalog.unrestrictedSearchResults(portal_type="Submission")[0]
        submission = brain._unrestrictedGetObject()
        assert submission.getId() == submission.reference == brain.reference
        assert submission.values and submission.form_model and submission.service_uid
        assert submission.token_hashes and submission.log[0]["action"] == "submitted"
        saved = portal.unrestrictedTraverse(entry["saved_form"])
        assert generate.save_data_action(saved).itemsSaved() == SCALE.saved_rows
        document = portal.unrestrictedTraverse(entry["document"])
        service = portal.unrestrictedTraverse(entry["service"])
        assert document.Title() == service.Title()
        assert service.what_it_is.raw in document.text.raw
        in_steps = portal.unrestrictedTraverse(entry["steps_form"])
        one_page = portal.unrestrictedTraverse(entry["one_page_form"])
        assert in_steps.as_steps and not one_page.as_steps
        assert in_steps.fields_model == one_page.fields_model
        # a second run adds nothing
        with api.env.adopt_roles(["Manager"]):
            again = generate.build_site(
                portal, "bench86", SCALE, generate.Clock(out=io.StringIO()), small=False
            )
        assert again["counts"] == entry["counts"]
        assert again["inboxes"] == entry["inboxes"]

    def test_requests_have_assignees_and_due_dates(self, built):
        """A share of the requests is assigned to the inbox's clerk, every one has a due date,
        and the filtered and sorted first pages the harness measures are those of a full
        catalog sort."""
        portal, entry = built["portal"], built["entry"]
        catalog = api.portal.get_tool("portal_catalog")
        for key in SCALE.inbox_sizes():
            inbox = entry["inboxes"][key]
            brains = catalog.unrestrictedSearchResults(
                portal_type="Submission", path=inbox["office"]
            )
            requests = [brain._unrestrictedGetObject() for brain in brains]
            assert all(submission.due is not None for submission in requests)
            mine = [s for s in requests if s.assignee == inbox["clerk"]]
            assert {s.assignee for s in requests} <= {inbox["clerk"], None}
            variants = inbox["variants"]
            assert set(variants) == {"mine", "overdue", "due"}
            assert variants["mine"]["total"] == len(mine)
            assert all(variant["same_as_full_sort"] for variant in variants.values())
            # by due day: the open requests first, the closed ones (no longer due) after them
            first = [
                portal.unrestrictedTraverse(f"{inbox['office']}/{reference}")
                for reference in variants["due"]["first_page"]
            ]
            days = [indexed_due_day(item.due, item.closed is not None) for item in first]
            assert days == sorted(days) and len(days) == min(20, len(requests))
        sizes = SCALE.inbox_sizes()
        assert any(entry["inboxes"][key]["variants"]["mine"]["total"] for key in sizes)

    def test_harness_requests_work(self, built):
        app, entry = built["app"], built["entry"]
        clerk = browser_for(app, entry["clerk"]["user"], entry["clerk"]["password"])
        for key in ("inbox_100k", "inbox_10k", "inbox_100"):
            clerk.open(f"http://nohost{entry[key]}")
            assert clerk.headers["status"].startswith("200")
        anonymous = browser_for(app)
        for key in ("service", "document", "finder"):
            anonymous.open(f"http://nohost{entry[key]}")
            assert anonymous.headers["status"].startswith("200")
        # the browser forms accept the manifest's values (with the page's CSRF token)
        for key in ("form", "plain_form"):
            anonymous.open(f"http://nohost{entry[key]}")
            token = re.search(r'name="_authenticator" value="([^"]+)"', anonymous.contents)
            data = {f"form.widgets.{name}": value for name, value in entry[f"{key}_values"].items()}
            data["form.buttons.submit"] = "Absenden"
            if token:
                data["_authenticator"] = token.group(1)
            response = anonymous.testapp.post(entry[key], data, expect_errors=True)
            if key == "form":  # delivered: on to the citizen's status page
                assert response.status_int == 303, response.status
                assert "/@@anliegen/" in response.headers["Location"]
            else:  # easyform's thank-you page
                assert response.status_int == 200, response.status
                assert "Vielen Dank" in response.text
        # other values: the same ones again would be taken for a second click
        values = {**entry["form_json_values"], "email": "rest@example.ch"}
        status, body = RestClient(app).post(entry["rest_submit"], values)
        assert status == 201, body
        assert body["repeated"] is False

    def test_values_of_every_field_kind_are_accepted(self, built):
        """The full-size manifest names another form: its values, of any of the generator's
        field kinds, must pass the browser form and @submit alike."""
        app, entry = built["app"], built["entry"]
        every = [*generate.person_fields(), *generate.pool_fields("Liestal")]
        form = built["portal"].unrestrictedTraverse(entry["form"])
        form.fields_model = generate.fields_model(every)
        transaction.commit()
        browser = browser_for(app)
        browser.open(f"http://nohost{entry['form']}")
        token = re.search(r'name="_authenticator" value="([^"]+)"', browser.contents).group(1)
        data = {f"form.widgets.{k}": v for k, v in generate.browser_values(every).items()}
        data.update({"form.buttons.submit": "Absenden", "_authenticator": token})
        response = browser.testapp.post(entry["form"], data, expect_errors=True)
        assert response.status_int == 303, response.text[:2000]
        values = {**generate.json_values(every), "email": "every@example.ch"}
        status, body = RestClient(app).post(entry["rest_submit"], values)
        assert status == 201, body
