"""The benchmark harness (bench/run.py) on a tiny generated site, against a real server, so
it cannot rot: every measurement runs once and the table has every row."""

import io
import json

import pytest
import transaction
from plone import api

from bench import generate
from bench import run
from tests.bench.test_generate_smoke import SCALE

pytestmark = pytest.mark.serial  # alone, after the parallel part of make test


class TestHarnessSmoke:
    def test_every_measurement_runs_against_a_server(self, acceptance, tmp_path, capsys):
        portal = acceptance["portal"]
        with api.env.adopt_roles(["Manager"]):
            entry = generate.build_site(
                portal, "bench86", SCALE, generate.Clock(out=io.StringIO()), small=False
            )
        transaction.commit()
        manifest = tmp_path / "manifest.json"
        manifest.write_text(
            json.dumps(
                {
                    "admin": {"user": "admin", "password": "secret"},
                    # one site stands for both: the smoke test checks the harness, not figures
                    "sites": {"bench86": entry, "bench3": entry},
                }
            )
        )
        output = tmp_path / "latest.md"
        status = run.main(
            [
                "--manifest",
                str(manifest),
                "--base-url",
                f"http://localhost:{acceptance['port']}",
                "--clients",
                "2",
                "--requests",
                "1",
                "--runs",
                "1",
                "--warmup",
                "1",
                "--output",
                str(output),
                "--skip-cluster",  # tests/bench/test_cluster_smoke.py
            ]
        )
        assert status == 0
        table = output.read_text()
        rows = [line for line in table.splitlines() if line.startswith("| ") and "<br>" in line]
        assert len(rows) == 13  # 8a and 8b: tests/bench/test_steps_smoke.py
        assert "Service page / Document" in table
        assert "Inbox 100,000 / Inbox 100" in table
        assert "Inbox 100,000 überfällig / Inbox 100 überfällig" in table
        assert "REST @submit" in table
        # the export of both inboxes, streamed, CSV and Excel (bench/export.py)
        exports = [line for line in table.splitlines() if line.startswith("| Export ")]
        assert len(exports) == 4, exports
        assert "| Export CSV 100,000 | " in table
        # the measured inbox pages are checked: 3 inboxes x 3 variants, all right
        checks = [line for line in table.splitlines() if line.startswith("- inbox_")]
        assert len(checks) == 9 and all("✓" in line for line in checks), checks
        assert capsys.readouterr().out.strip().endswith(checks[-1])
