"""``renkei stress`` and ``renkei gen-network`` through the real console entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from renkei.cli import main
from renkei.engines.stress import network_from_json, solve

EXAMPLES = json.loads((Path(__file__).parent / "data" / "stress_examples.json").read_text("utf-8"))[
    "examples"
]


def _write(tmp_path: Path, data: Any, name: str = "net.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_json_output_is_the_contract(index: int, tmp_path: Path, capsys: Any) -> None:
    example = EXAMPLES[index]
    assert main(["stress", _write(tmp_path, example["network"]), "--json"]) == 0
    out, err = capsys.readouterr()
    output = json.loads(out)
    assert output == solve(network_from_json(example["network"])).to_json()
    assert set(output) == {"network", "baseline_tts_days", "results"}
    assert output["baseline_tts_days"] == example["baseline_tts_days"]
    for row in output["results"]:
        assert set(row) == {
            "node", "type", "ttr_days", "tts_days", "lost_units", "lost_profit",
            "lost_demand_days", "exposed", "rei_units", "rei_profit", "rank",
        }  # fmt: skip
        for key, want in example["expected"].get(row["node"], {}).items():
            if not key.startswith("hand_"):
                assert (
                    row[key] == pytest.approx(want, rel=1e-6)
                    if not isinstance(want, str | bool)
                    else row[key] == want
                )
    assert err == ""  # no progress bar when stderr is not a TTY


def test_table_has_japanese_and_english_headers(tmp_path: Path, capsys: Any) -> None:
    assert main(["stress", _write(tmp_path, EXAMPLES[0]["network"])]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "順位", "ノード", "種別", "復旧時間(日)", "存続時間(日)", "逸失数量", "逸失利益", "REI", "要対策",
    ]  # fmt: skip
    assert lines[1].split()[:3] == ["rank", "node", "type"]
    first = lines[3].split()
    assert first[:7] == ["1", "A", "part", "30", "10", "2,000", "2,000,000"]
    assert "baseline TTS inf d" in lines[-1]
    # aligned: every data row ends its rank column at the same place
    assert len({line.index("  ") for line in lines[3:6]}) == 1


def test_progress_flag_draws_on_stderr(tmp_path: Path, capsys: Any) -> None:
    assert main(["stress", _write(tmp_path, EXAMPLES[1]["network"]), "--json", "--progress"]) == 0
    out, err = capsys.readouterr()
    json.loads(out)
    assert "stress" in err and "4/4" in err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"nodes": [', "is not valid JSON"),
        (b"\xff\xfe\x00", "is not UTF-8"),
        (
            {"nodes": [{"id": "A", "type": "part", "inventory": -1}]},
            "node 'A': inventory must be >= 0",
        ),
        (
            {
                "nodes": [{"id": "A", "type": "part"}],
                "bom": [{"parent": "A", "child": "A", "qty_per_unit": 1}],
            },
            "BOM cycle: A -> A",
        ),
        (
            {"nodes": [{"id": "A", "type": "part", "colour": "red"}]},
            "node 'A': unknown key 'colour'",
        ),
        (
            {"nodes": [], "supply": [{"site": "S", "makes": "A"}]},
            "supply edge S -> A: unknown site 'S'",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(
    content: Any, fragment: str, tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    assert main(["stress", str(path), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("renkei stress: ") and fragment in err
    assert "Traceback" not in err


def test_missing_file_in_a_real_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "renkei.cli", "stress", str(tmp_path / "nope.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("renkei stress: cannot read ") and "nope.json" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_bad_workers_exits_2(tmp_path: Path, capsys: Any) -> None:
    assert main(["stress", _write(tmp_path, EXAMPLES[0]["network"]), "--workers", "0"]) == 2
    assert "workers must be an integer >= 1. Got: 0" in capsys.readouterr().err


def test_gen_network_is_deterministic_and_valid(tmp_path: Path, capsys: Any) -> None:
    out_file = tmp_path / "g.json"
    assert main(["gen-network", "--nodes", "400", "--seed", "5", "--out", str(out_file)]) == 0
    assert main(["gen-network", "--nodes", "400", "--seed", "5"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed) == json.loads(out_file.read_text("utf-8"))
    assert main(["gen-network", "--nodes", "400", "--seed", "6"]) == 0
    assert json.loads(capsys.readouterr().out) != json.loads(printed)
    net = network_from_json(json.loads(printed))
    assert 360 <= len(net.nodes) <= 440
    # and the stress CLI reads it
    assert main(["stress", str(out_file), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["results"]) == len(net.stress_nodes())


def test_gen_network_rejects_tiny_sizes(capsys: Any) -> None:
    assert main(["gen-network", "--nodes", "3"]) == 2
    assert "n_nodes must be >= 10. Got: 3" in capsys.readouterr().err


def test_listing_the_commands_does_not_load_the_solver() -> None:
    # `renkei --help` imports every command module; the stress CLI must stay light.
    code = (
        "import sys, renkei.cli as c; c.build_parser(); "
        "print(sorted(m for m in ('highspy', 'scipy', 'numpy') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
