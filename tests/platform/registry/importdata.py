"""A good registry workbook, ways to write it (.xlsx, CSV in several encodings) and a snapshot
of the registry tables to prove that a failed import changed nothing."""

from __future__ import annotations

import copy
import csv
import io
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.utils import translation
from openpyxl import Workbook

from renkei.registry.models import Capability, Contact, Equipment, Organization, Site
from tests.factories import corporate_number


@pytest.fixture(autouse=True)
def import_env():
    """The default language (ja) active, so a test that switched to English leaves no trace."""
    translation.activate("ja")
    yield
    translation.deactivate()


CN1 = corporate_number(700_000_001)
CN_UNKNOWN = corporate_number(700_000_999)
FIRM2 = "桐生テキスタイル機械"

GOOD: dict[str, list[list[Any]]] = {
    "企業": [
        ["法人番号", "企業名", "企業名カナ", "種別", "資本金(円)", "従業員数", "ディレクトリ掲載",
         "本社拠点名", "本社郵便番号", "本社市区町村", "本社住所"],
        [CN1, "株式会社上州精工", "ジョウシュウセイコウ", "会員企業", "30,000,000", 45, "はい",
         "本社工場", "373-0851", "10205", "群馬県太田市飯田町1-1"],
        ["", FIRM2, "キリュウテキスタイルキカイ", "", "", "12", "いいえ",
         "", "376-0001", "", "群馬県桐生市本町3-4"],
    ],
    "拠点": [
        ["法人番号", "企業名", "拠点名", "郵便番号", "市区町村", "住所", "災害リスク区域"],
        [CN1, "", "第二工場", "3730015", "伊勢崎市", "群馬県伊勢崎市境1-2", "洪水、液状化"],
    ],
    "加工能力": [
        ["法人番号", "企業名", "拠点名", "工程", "材質", "公差(±mm)", "最小ロット", "最大ロット",
         "月間能力(時間)", "現在の負荷(時間)"],
        [CN1, "", "", "マシニング加工", "SUS304、A5052", "0.01", 1, 500, 400, 280],
        [CN1, "", "第二工場", "turning", "S45C; SS400", "0.005", 10, 1000, "320", "100"],
        ["", FIRM2, "", "溶接", "", "", "", "", "160", ""],
    ],
    "設備": [
        ["法人番号", "企業名", "拠点名", "設備名", "工程", "メーカー", "型式", "導入年", "台数"],
        [CN1, "", "", "立形マシニングセンタ", "マシニング加工", "オークマ", "MB-46VA", 2018, 2],
        [CN1, "", "第二工場", "CNC旋盤", "NC旋盤加工", "森精機", "NLX2500", 2015, 1],
    ],
    "連絡先": [
        ["法人番号", "企業名", "氏名", "部署", "電話番号", "メールアドレス", "緊急時の役割",
         "緊急連絡の順番", "公開範囲"],
        [CN1, "", "山田 太郎", "製造部", "0276-00-1234", "yamada@example.co.jp", "緊急連絡先(正)",
         1, "クラスター内"],
        ["", FIRM2, "鈴木 花子", "", "0277-00-5678", "", "", "", ""],
    ],
}  # fmt: skip

GOOD_COUNTS = {"firms": 2, "sites": 3, "capabilities": 3, "equipment": 2, "contacts": 2}


def good() -> dict[str, list[list[Any]]]:
    return copy.deepcopy(GOOD)


def set_cell(
    book: dict[str, list[list[Any]]], sheet: str, row: int, header: str, value: Any
) -> None:
    """Set the cell of ``header`` in Excel row ``row`` (1 = header) of ``sheet``."""
    rows = book[sheet]
    rows[row - 1][rows[0].index(header)] = value


def xlsx(book: dict[str, list[list[Any]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in book.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([None if v == "" else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def snapshot() -> dict[str, Any]:
    """Every row of every registry table the import writes, and the audit log's size."""
    return {
        "organizations": list(Organization.objects.order_by("pk").values()),
        "sites": list(Site.objects.order_by("pk").values()),
        "capabilities": list(Capability.objects.order_by("pk").values()),
        "materials": list(Capability.materials.through.objects.order_by("pk").values()),
        "equipment": list(Equipment.objects.order_by("pk").values()),
        "contacts": list(Contact.objects.order_by("pk").values()),
        "log": LogEntry.objects.count(),
    }
