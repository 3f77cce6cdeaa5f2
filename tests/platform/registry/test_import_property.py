"""Property: one generated bad cell in an otherwise good workbook imports nothing at all, and a
problem names that cell's sheet, row and column."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renkei.common.importing.cells import lookup_key
from renkei.registry.importing import import_registry
from renkei.registry.reference_data import MATERIALS, MUNICIPALITIES, PROCESSES
from tests.factories import corporate_number
from tests.platform.registry import importdata
from tests.platform.registry.importdata import GOOD, good, set_cell, snapshot, xlsx

# The fixture is autouse once it is a name in the module.
import_env = importdata.import_env

KNOWN_PROCESSES = {lookup_key(n) for p in PROCESSES for n in (p[0], p[2], p[3])}
KNOWN_MATERIALS = {lookup_key(n) for m in MATERIALS for n in (m[0], m[1], m[2])}
KNOWN_MUNICIPALITIES = {m[0] for m in MUNICIPALITIES}

words = st.text(
    alphabet="あいうえおかきくけこさしすせそたちつてとアイウエオ漢字工程", min_size=1, max_size=8
)
not_numbers = st.one_of(
    st.sampled_from(["abc", "十二", "12a", "1-2", "いくつか", "N/A"]),
    st.text(alphabet="abcxyzあいう", min_size=1, max_size=6),
)
negative = st.one_of(
    st.integers(max_value=-1),
    st.decimals(max_value=Decimal("-0.1"), places=1, allow_nan=False, allow_infinity=False),
)


def _wrong_check_digit(n: int) -> str:
    good_number = corporate_number(n)
    return f"{int(good_number[0]) % 9 + 1}{good_number[1:]}"


# (sheet, header, strategy of a bad value)
BAD_CELLS = [
    ("企業", "従業員数", st.one_of(not_numbers, negative.map(str))),
    ("企業", "資本金(円)", st.one_of(not_numbers, negative)),
    ("企業", "法人番号", st.integers(1, 10**12 - 1).map(_wrong_check_digit)),
    ("企業", "法人番号", st.text(alphabet="0123456789", min_size=1, max_size=12)),
    (
        "企業",
        "企業名",
        st.one_of(st.just(""), st.text(alphabet="株式会社", min_size=201, max_size=210)),
    ),
    ("企業", "ディレクトリ掲載", st.sampled_from(["たぶん", "maybe", "△"])),
    (
        "拠点",
        "市区町村",
        st.integers(0, 99999)
        .map(lambda n: f"{n:05d}")
        .filter(lambda c: c not in KNOWN_MUNICIPALITIES),
    ),
    ("拠点", "郵便番号", st.text(alphabet="0123456789-", min_size=1, max_size=6)),
    ("拠点", "災害リスク区域", words),
    ("加工能力", "工程", words.filter(lambda w: lookup_key(w) not in KNOWN_PROCESSES)),
    ("加工能力", "材質", words.filter(lambda w: lookup_key(w) not in KNOWN_MATERIALS)),
    ("加工能力", "月間能力(時間)", st.one_of(st.just(""), not_numbers, negative)),
    ("加工能力", "公差(±mm)", negative),
    ("加工能力", "最小ロット", st.one_of(negative, st.just("1.5"))),
    ("設備", "台数", st.integers(max_value=0)),
    ("設備", "導入年", st.one_of(st.integers(max_value=1899), st.integers(min_value=2101))),
    ("設備", "設備名", st.just("")),
    ("連絡先", "公開範囲", words),
    ("連絡先", "メールアドレス", st.text(alphabet="abcdef.", min_size=1, max_size=10)),
    ("連絡先", "緊急連絡の順番", negative),
]


@st.composite
def bad_cell(draw):
    sheet, header, values = draw(st.sampled_from(BAD_CELLS))
    row = draw(st.integers(min_value=2, max_value=len(GOOD[sheet])))
    return sheet, row, header, draw(values)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cell=bad_cell())
def test_one_bad_cell_imports_nothing_and_is_named(coordinator, cell):
    sheet, row, header, value = cell
    book = good()
    set_cell(book, sheet, row, header, value)
    before = snapshot()
    result = import_registry(data=xlsx(book), filename="registry.xlsx", actor=coordinator)
    assert not result.ok
    assert snapshot() == before
    assert (sheet, row, header) in [(p.sheet, p.row, p.column) for p in result.problems], (
        result.problems
    )
