"""Property: one generated bad cell in an otherwise good supply workbook imports nothing at all,
and a problem names that cell's sheet, row and column."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renkei.common.importing.cells import lookup_key
from renkei.registry.reference_data import PROCESSES
from renkei.supply.importing import import_supply
from tests.factories import corporate_number
from tests.platform.supply import importdata
from tests.platform.supply.importdata import good, problem_cells, set_cell, snapshot, xlsx

KNOWN_PROCESSES = {lookup_key(n) for p in PROCESSES for n in (p[0], p[2], p[3])}

words = st.text(alphabet="あいうえおかきくけこアイウエオ漢字試作", min_size=1, max_size=8)
not_numbers = st.one_of(
    st.sampled_from(["abc", "十二", "12a", "1-2", "いくつか", "N/A"]),
    st.text(alphabet="abcxyzあいう", min_size=1, max_size=6),
)
negative = st.one_of(
    st.integers(max_value=-1),
    st.decimals(max_value=Decimal("-0.1"), places=1, allow_nan=False, allow_infinity=False),
)
unknown_codes = st.text(alphabet="QXZ09-", min_size=1, max_size=8)

# The fixture is autouse once it is a name in the module.
import_env = importdata.import_env


def _wrong_check_digit(n: int) -> str:
    good_number = corporate_number(n)
    return f"{int(good_number[0]) % 9 + 1}{good_number[1:]}"


# (sheet, header, rows or None for any data row, strategy of a bad value)
BAD_CELLS = [
    ("品目", "品目名", None, st.one_of(st.just(""), st.text(alphabet="部品", min_size=201, max_size=205))),
    ("品目", "種別", None, words),
    ("品目", "日当たり需要", None, st.one_of(not_numbers, negative)),
    ("品目", "単位当たり利益(円)", None, negative),
    ("品目", "復旧日数", None, st.one_of(not_numbers, negative)),
    ("部品表", "親品目コード", None, unknown_codes),
    ("部品表", "子品目コード", None, unknown_codes),
    ("部品表", "員数", None, st.one_of(st.just(0), negative, not_numbers, st.just(""))),
    ("工程", "工程名", None, words.filter(lambda w: lookup_key(w) not in KNOWN_PROCESSES)),
    ("工程", "工程順", None, st.one_of(st.integers(max_value=0), st.just("1.5"), not_numbers)),
    ("調達先", "品目コード", None, unknown_codes),
    ("調達先", "法人番号", [2], st.integers(1, 10**12 - 1).map(_wrong_check_digit)),
    ("調達先", "法人番号", [2], st.integers(1, 10**6).map(lambda n: corporate_number(810_000_000 + n))),
    ("調達先", "企業名", [3, 4, 5], words),
    ("調達先", "拠点名", None, words),
    ("調達先", "区分", None, words),
    ("調達先", "シェア", None, st.one_of(st.integers(101, 10_000), negative, not_numbers)),
    ("調達先", "単価(円)", None, st.one_of(negative, not_numbers)),
    ("調達先", "工程順", None, st.integers(4, 99)),
    ("在庫", "品目コード", None, unknown_codes),
    ("在庫", "手持在庫", None, negative),
    ("在庫", "輸送中", None, negative),
    ("在庫", "安全在庫", None, st.one_of(negative, not_numbers)),
    ("復旧時間", "復旧日数", None, st.one_of(st.just(""), negative, not_numbers)),
    ("復旧時間", "拠点名", None, words),
]  # fmt: skip


@st.composite
def bad_cell(draw, cluster_rows):
    sheet, header, rows, values = draw(st.sampled_from(BAD_CELLS))
    row = draw(st.sampled_from(rows or list(range(2, cluster_rows[sheet] + 1))))
    return sheet, row, header, draw(values)


ROWS = {"品目": 5, "部品表": 4, "工程": 4, "調達先": 5, "在庫": 4, "復旧時間": 3}


@pytest.mark.django_db
@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cell=bad_cell(ROWS))
def test_one_bad_cell_imports_nothing_and_is_named(cluster, cell):
    sheet, row, header, value = cell
    book = good(cluster)
    set_cell(book, sheet, row, header, value)
    before = snapshot()
    result = import_supply(data=xlsx(book), filename="supply.xlsx", actor=cluster.buyer)
    assert not result.ok
    assert snapshot() == before
    assert (sheet, row, header) in problem_cells(result), result.problems
