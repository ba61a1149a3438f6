"""The cluster figures of `make bench` (bench/cluster_figures.py: 7a Varnish, 7b throughput of
two pinned instances, 7c latency under a burst) at a tiny scale, so they cannot rot: the demo
site on ZEO, two Zope instances pinned to cores, Varnish; every figure's row with numbers."""

import re

import pytest

from bench import run

# starts ZEO, two instances pinned to cores 0 and 1 and Varnish: alone, after the parallel part
pytestmark = pytest.mark.serial

NUMBER = re.compile(r"\d+(\.\d+)?")


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def test_the_cluster_figures_run_and_give_numbers(tmp_path, capsys):
    output = tmp_path / "latest.md"
    status = run.main(
        ["--only", "7", "--output", str(output), "--cluster-var", str(tmp_path / "cluster")]
        + ["--clients", "2", "--requests", "2", "--runs", "1", "--warmup", "1"]
        + ["--cluster-clients", "2", "--cluster-requests", "2", "--cluster-runs", "1"]
        + ["--burst-clients", "4", "--burst-requests", "8"]
    )
    assert status == 0
    table = output.read_text()
    rows = {line[2:4]: cells(line) for line in table.splitlines() if line.startswith("| 7")}
    assert sorted(rows) == ["7a", "7b", "7c"], table
    for name, row in rows.items():
        assert len(row) == 8, (name, row)
        # latency, req/s, baseline latency, req/s, ratio: numbers; the latencies measured (not
        # zero); the ratio may round to 0.00 where Varnish answers in under a millisecond and a
        # busy Zope in hundreds (7a)
        for cell in (row[1], row[2], row[3], row[4], row[5]):
            assert NUMBER.search(cell), (name, cell)
        assert float(NUMBER.search(row[1]).group()) > 0, (name, row)
        assert float(NUMBER.search(row[3]).group()) > 0, (name, row)
        assert float(row[5]) > 0 or name == "7a", (name, row)
    assert "Through Varnish / From Zope" in rows["7a"][0]
    # the page came from Varnish's cache: far faster than from Zope, whatever the machine
    assert float(rows["7a"][5]) < 0.5, rows["7a"]
    assert rows["7a"][6].startswith("≤ 0.1")
    assert "2 instances / 1 instance" in rows["7b"][0] and rows["7b"][6].startswith("≥ 1.6")
    assert "4 clients / 1 client" in rows["7c"][0]
    assert re.search(r"conflict retries per submission \d+\.\d+ / \d+\.\d+", rows["7c"][0])
    assert rows["7c"][1].startswith("p95 ")
    assert "demo site on relstorage; instance 1 on core 0, instance 2 on core 1" in table
    assert re.search(r"the load generator used [\d.]+% / [\d.]+% of one core", table)
    assert capsys.readouterr().out.strip().endswith(table.strip().splitlines()[-1])
