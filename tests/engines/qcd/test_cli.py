"""``renkei qcd``: JSON, the Japanese table, and clean refusals (exit code 2)."""

from __future__ import annotations

import json
import subprocess
import sys

from renkei.cli import main
from renkei.engines.qcd.cli import EXIT_INPUT_REFUSED

from .helpers import D, line, receipt, write_files

LINES = [
    line("A", supplier="仙台精工", promised=D(2026, 9, 10)),
    line("B", supplier="S002", promised=D(2026, 9, 20), qty=40),
]
RECEIPTS = [receipt("A", on=D(2026, 9, 12), qty=100, rejected=1)]


def run(tmp_path, *extra, lines=LINES, receipts=RECEIPTS, as_of="2026-09-30"):
    lines_path, receipts_path = write_files(tmp_path, lines, receipts)
    argv = ["qcd", "--lines", str(lines_path), "--receipts", str(receipts_path)]
    return main([*argv, "--as-of", as_of, *extra])


def test_json_has_one_row_per_line_and_parses_back(tmp_path, capsys):
    assert run(tmp_path, "--json", as_of="2026/09/30") == 0
    out = capsys.readouterr().out
    payload = json.loads(out)
    assert payload["as_of"] == "2026-09-30"
    assert [(r["supplier_id"], r["month"]) for r in payload["rows"]] == [
        ("S002", "2026-09"),
        ("S002", "all"),
        ("仙台精工", "2026-09"),
        ("仙台精工", "all"),
    ]
    assert len(out.splitlines()) == 1 + len(payload["rows"])
    assert "仙台精工" in out  # not \u-escaped


def test_table_has_japanese_headers_and_english_on_request(tmp_path, capsys):
    assert run(tmp_path) == 0
    out = capsys.readouterr().out
    for header in ("サプライヤー", "納期遵守率", "完納遵守率", "不良率(ppm)", "全期間"):
        assert header in out
    assert "50.0%" not in out and "0.0%" in out  # rates as percentages
    assert "10,000" in out  # 1 of 100 rejected
    assert run(tmp_path, "--lang", "en") == 0
    out = capsys.readouterr().out
    assert "on-time (qty)" in out and "defects (ppm)" in out and "納期遵守率" not in out


def test_bad_files_exit_2_with_every_problem_in_japanese(tmp_path, capsys):
    lines = [*LINES, line("A", supplier="仙台精工", qty=-1)]
    receipts = [*RECEIPTS, receipt("Z", on=D(2026, 9, 1), qty=5, inspected=6)]
    assert run(tmp_path, lines=lines, receipts=receipts) == EXIT_INPUT_REFUSED == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    lines_file, receipts_file = tmp_path / "order_lines.csv", tmp_path / "receipts.csv"
    assert err == [
        f"{lines_file}:4:line_no: 注文番号 A 明細番号 1 が重複しています (2 行目と同じ)",
        f"{lines_file}:4:qty_ordered: 数量が負の値です: -1",
        f"{receipts_file}:3:order_id: 注文明細にない明細への受入です: 注文番号 Z 明細番号 1",
        f"{receipts_file}:3:qty_inspected: 検査数 6 が受入数 5 を超えています",
        "4 件の問題があるため、入力全体を受け付けませんでした。",
    ]


def test_bad_files_in_english(tmp_path, capsys):
    receipts = [receipt("A", on=D(2026, 9, 1), qty=5, inspected=6)]
    assert run(tmp_path, "--lang", "en", receipts=receipts) == 2
    err = capsys.readouterr().err
    assert ":2:qty_inspected: Inspected quantity 6 exceeds received quantity 5" in err
    assert "The input was refused: 1 problem(s)." in err


def test_missing_file_and_bad_as_of_are_clean_messages(tmp_path, capsys):
    write_files(tmp_path, LINES, RECEIPTS)
    argv = ["qcd", "--lines", str(tmp_path / "nope.csv")]
    argv += ["--receipts", str(tmp_path / "receipts.csv"), "--as-of", "2026-09-31"]
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert (
        err[0]
        == "基準日 (--as-of) を日付として読めません: 「2026-09-31」 (YYYY-MM-DD または YYYY/MM/DD)"
    )
    assert err[1] == f"{tmp_path / 'nope.csv'}: ファイルが見つかりません"


def test_a_real_process_prints_no_traceback_and_needs_no_django(tmp_path):
    lines_path, receipts_path = write_files(
        tmp_path, LINES, [receipt("A", on=D(2026, 9, 1), qty=-5)]
    )
    code = (
        "import sys\n"
        "from renkei.engines.qcd.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
        "sys.exit(status)\n"
    )
    args = ["--lines", str(lines_path), "--receipts", str(receipts_path), "--as-of", "2026-09-30"]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "receipts.csv:2:qty_received: 数量が負の値です: -5" in done.stderr
