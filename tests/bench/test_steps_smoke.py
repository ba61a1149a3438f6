"""Figures 8a/8b of the harness (bench/steps_walk.py) on a tiny generated site, against a real
server: every walk through the 4 steps and every one-page POST stores a request, each with
the 4 persons of the group, so the figures measure real work and not refusals."""

import io
import json

import pytest
import transaction
from plone import api

from bench import generate
from bench import run
from bench import steps_walk
from tests.bench.test_generate_smoke import SCALE

pytestmark = pytest.mark.serial  # alone, after the parallel part of make test


def requests_of(portal, entry: dict, form_path: str) -> list:
    transaction.begin()  # what the server committed
    uid = api.content.get_uuid(portal.unrestrictedTraverse(form_path))
    office = portal.unrestrictedTraverse(entry["inboxes"]["inbox_100k"]["office"])
    return [obj for obj in office.objectValues() if getattr(obj, "form_uid", "") == uid]


class TestStepsSmoke:
    def test_each_walk_and_each_one_page_post_stores_a_request(self, acceptance, tmp_path):
        portal = acceptance["portal"]
        with api.env.adopt_roles(["Manager"]):
            entry = generate.build_site(
                portal, "bench86", SCALE, generate.Clock(out=io.StringIO()), small=False
            )
        transaction.commit()
        manifest = tmp_path / "manifest.json"
        sites = {"bench86": entry, "bench3": entry}
        manifest.write_text(
            json.dumps({"admin": {"user": "admin", "password": "secret"}, **{"sites": sites}})
        )
        output = tmp_path / "latest.md"
        arguments = ["--manifest", str(manifest), "--output", str(output), "--skip-cluster"]
        arguments += ["--base-url", f"http://localhost:{acceptance['port']}"]
        arguments += ["--clients", "2", "--requests", "1", "--runs", "1", "--warmup", "1"]
        assert run.main([*arguments, "--only", "in 4 steps"]) == 0

        table = output.read_text()
        rows = [line for line in table.splitlines() if line.startswith("| ") and "<br>" in line]
        assert [row.split("<br>")[0] for row in rows] == [
            f"| {steps_walk.WALK_TITLE}",
            f"| {steps_walk.SEND_TITLE}",
        ]
        assert all("≤ 1.5 " in row for row in rows)
        # per figure and side: 1 + 2 warm-up requests (one alone, then 2 clients x 1), then
        # 2 clients x 1 request x 1 round = 5; two figures: 10 walks and 10 one-page POSTs
        walked = requests_of(portal, entry, entry["steps_form"])
        one_page = requests_of(portal, entry, entry["one_page_form"])
        assert len(walked) == 10 and len(one_page) == 10
        for request in walked + one_page:
            persons = request.values["persons"]
            assert [person["vorname"].split()[0] for person in persons] == [
                "Anna",
                "Ben",
                "Cleo",
                "Dan",
            ]
            assert request.values["plz"] == "4410" and request.values["bemerkungen"]
        # each request its own citizen: the names carry the request's number
        assert len({request.values["nachname"] for request in walked + one_page}) == 20
