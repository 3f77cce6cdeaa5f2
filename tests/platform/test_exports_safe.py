"""Every export (Excel, CSV, PDF) shows other firms' text as text, and never fails on it.

The attack: a firm names itself ``=HYPERLINK("http://evil","x")`` (or ``+1+cmd|' /C calc'!A0``,
``@SUM(1)``, ``-2+3``) and waits for a buyer or the coordinator to export a list showing the
name; or a control character (``\\x07``, ``\\x1b``, ``\\x00``) gets into a name or an address,
and every export that shows it answers 500. The test walks every export address of the
platform (and fails when a new one is not walked), as the role that may download it.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

import renkei
from renkei.orders import daily, services
from renkei.orders.models import OrderLine
from renkei.qcd import services as qcd_services
from renkei.qcd.models import SharingLevel
from renkei.registry.models import Contact, Organization, Process, Site
from tests.factories import (
    BuyerFactory,
    ContactFactory,
    CoordinatorFactory,
    MemberFactory,
    OrganizationFactory,
    SiteFactory,
)
from tests.platform.qcd.pdf_text import pdf_contains

FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    " =1+1",
    "＝1+1",
    "#N/A",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_url_names() -> set[str]:
    """Every URL of the platform that downloads a file: ``namespace:name``."""
    found: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith(("admin/", "api/")):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route, name = str(pattern.pattern), pattern.name
                if route.endswith((".xlsx", ".pdf", ".csv", "export/", "template/")) or (
                    name.endswith(("_export", "_template", "_xlsx", "_pdf", "_csv"))
                ):
                    found.add(f"{namespace}{name}")

    walk(get_resolver().url_patterns, "")
    return found


@dataclass
class Case:
    """How to download one export: as whom, with which arguments, and what it shows."""

    role: str  # "coordinator", "buyer" (the firm that ordered) or "member" (the named firm)
    kind: str = "xlsx"  # or "pdf"
    kwargs: Any = None  # world -> URL kwargs
    queries: list[dict[str, str]] = field(default_factory=lambda: [{}])
    shows_name: bool = True  # the named firm's text is in the file


CASES = {
    "directory_export": Case("coordinator"),
    "registry:import_template": Case(
        "coordinator", queries=[{}, {"format": "csv", "kind": "firms"}], shows_name=False
    ),
    "supply:import_template": Case(
        "coordinator", queries=[{}, {"format": "csv", "kind": "items"}], shows_name=False
    ),
    "scorecard_export": Case("buyer"),
    "scorecard_pdf": Case("buyer", "pdf", lambda w: {"supplier_id": w.firm.pk}),
    "qcd_sheet_xlsx": Case("coordinator", kwargs=lambda w: {"org_id": w.firm.pk}),
    "qcd_sheet_pdf": Case("coordinator", "pdf", lambda w: {"org_id": w.firm.pk}),
    "daily_export": Case("member"),
    "outsourcing_export": Case("buyer"),
}


def _case(full_name: str) -> Case:
    # Keyed by the bare URL name where it is unique, so that moving a page to another app
    # (another namespace) does not lose its case.
    return CASES.get(full_name) or CASES[full_name.rsplit(":", 1)[-1]]


def build_world(name: str) -> SimpleNamespace:
    """A member firm called ``name`` (its address, contact and everything it typed say
    ``name`` too) that a buyer ordered from, with receipts, a public QCD sheet and a daily
    report of the firm on the buyer's order line."""
    today = timezone.localdate()
    firm = OrganizationFactory(name=name, name_en=name, description=name)
    SiteFactory(organization=firm, address=name)
    ContactFactory(organization=firm, name=name, department=name)
    member = MemberFactory(organization=firm)
    buyer = BuyerFactory()
    coordinator = CoordinatorFactory()
    po = services.purchase_order_create(
        actor=buyer,
        buyer=buyer.organization,
        supplier=firm,
        number="PO-1",
        order_date=today - dt.timedelta(days=40),
        lines=[
            {
                "description": "ブラケット",
                "qty_ordered": 100,
                "unit_price": 120,
                "promised_date": today - dt.timedelta(days=30),
            }
        ],
    )
    line = po.lines.get()
    services.receipt_record(
        actor=buyer,
        order_line=line,
        received_date=today - dt.timedelta(days=31),
        qty_received=100,
        qty_inspected=100,
        qty_rejected=2,
        defect_class="dimension",
    )
    qcd_services.qcd_sharing_set(actor=member, organization=firm, level=SharingLevel.PUBLIC)
    daily.daily_report_save(
        actor=member,
        organization=firm,
        work_date=today,
        worker_name="赤城 太郎",
        entries=[
            {
                "order_line": line,
                "description": "",
                "process": Process.objects.get(code="turning"),
                "hours": Decimal("6.5"),
                "qty_produced": Decimal("100"),
                "qty_defective": Decimal("2"),
                "defect_note": "寸法外れ",
                "remarks": "段取り",
            }
        ],
    )
    return SimpleNamespace(
        firm=firm,
        line=line,
        users={"coordinator": coordinator, "buyer": buyer, "member": member},
    )


def _set_everywhere(world: SimpleNamespace, text: str) -> None:
    """Write ``text`` into the firm's every shown text, bypassing validation (as data that got
    in before the input checks did)."""
    firm = world.firm
    Organization.objects.filter(pk=firm.pk).update(name=text, name_en=text, description=text)
    Site.objects.filter(organization=firm).update(address=text, name=text)
    Contact.objects.filter(organization=firm).update(name=text, department=text)
    OrderLine.objects.filter(pk=world.line.pk).update(description=text)
    firm.daily_reports.update(worker_name=text, notes=text)


def _download(client, world, full_name: str, query: dict[str, str]):
    case = _case(full_name)
    client.force_login(world.users[case.role])
    kwargs = case.kwargs(world) if case.kwargs else {}
    return client.get(reverse(full_name, kwargs=kwargs), query)


def _cells(content: bytes) -> list[Any]:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_every_export_address_is_walked():
    """A new export must join this test (and so get its safety checked)."""
    names = _export_url_names()
    assert names, "no export URL found: the discovery is broken"
    covered = {n for n in names if n in CASES or n.rsplit(":", 1)[-1] in CASES}
    assert covered == names, f"exports not walked by this test: {sorted(names - covered)}"
    assert len(names) == len(CASES)


EXPORTS = sorted(_export_url_names())


@pytest.mark.parametrize("formula", FORMULAS)
@pytest.mark.parametrize("full_name", EXPORTS)
def test_a_formula_name_is_text_in_every_export(client, full_name, formula):
    world = build_world("テスト精機")
    _set_everywhere(world, formula)
    case = _case(full_name)
    for query in case.queries:
        response = _download(client, world, full_name, query)
        assert response.status_code == 200, (query, response.status_code)
        if query.get("format") == "csv":
            assert response["Content-Type"].startswith("text/csv")
            continue
        if case.kind == "pdf":
            assert response.content.startswith(b"%PDF")
            continue
        assert response["Content-Type"] == XLSX
        cells = _cells(response.content)
        # No cell of any export is a formula or an error value: text is text.
        assert {c.data_type for c in cells} <= {"s", "inlineStr", "n", "d", "b"}
        shown = [c for c in cells if c.value == formula]
        if case.shows_name:
            assert shown, "the export does not show the name"
        for cell in shown:
            assert cell.data_type in ("s", "inlineStr"), cell.coordinate
            # Excel's quote prefix: the cell stays text when the user edits it.
            assert cell.quotePrefix, cell.coordinate


def _control_characters() -> list[str]:
    # PostgreSQL cannot store NUL in text at all; SQLite can.
    chars = ["\x07", "\x1b", "\x0b", "\x7f", "\x85"]
    return chars if connection.vendor == "postgresql" else [*chars, "\x00"]


@pytest.mark.parametrize("full_name", EXPORTS)
def test_control_characters_in_the_database_are_stripped_from_every_export(client, full_name):
    world = build_world("テスト精機")
    evil = "赤城" + "".join(_control_characters()) + "精機"
    _set_everywhere(world, evil)
    case = _case(full_name)
    for query in case.queries:
        response = _download(client, world, full_name, query)
        assert response.status_code == 200, (query, response.status_code)
        if case.kind == "pdf":
            assert pdf_contains(response.content, "赤城精機")
            continue
        if query.get("format") == "csv":
            continue
        cells = _cells(response.content)
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert not any(ch in t for t in texts for ch in _control_characters())
        if case.shows_name:
            assert "赤城精機" in texts, "the export does not show the stripped name"


def test_numbers_and_dates_keep_their_types(client):
    world = build_world("テスト精機")
    response = _download(client, world, "orders:outsourcing_export", {})
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [cell for cell in sheet[2]]
    assert row[1].is_date and row[1].number_format == "yyyy/mm/dd"
    assert row[4].data_type == "n" and row[4].value == 100
    assert row[6].data_type == "n" and row[6].value == 12000


def _package_modules():
    root = Path(renkei.__file__).parent
    for path in sorted(root.rglob("*.py")):
        if path.name == "exporting.py" and path.parent.name == "common":
            continue
        if "engines" in path.relative_to(root).parts:
            continue  # pure computation, writes no spreadsheet
        yield path.relative_to(root), ast.parse(path.read_text(encoding="utf-8"))


def test_no_module_writes_a_cell_but_the_export_helper():
    """Every workbook goes through renkei.common.exporting: nothing else creates a Workbook,
    writes a cell's value (``sheet.cell(…, value=…)``, ``cell.value = …``) or appends rows."""
    found = []
    for name, tree in _package_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                writes_value = callee == "cell" and (
                    len(node.args) >= 3 or any(k.arg == "value" for k in node.keywords)
                )
                if callee == "Workbook" or writes_value:
                    found.append(f"{name}:{node.lineno} {callee}(…)")
                if (
                    callee == "append"
                    and isinstance(func, ast.Attribute)
                    and isinstance(func.value, ast.Name)
                    and func.value.id in {"ws", "sheet", "summary", "worksheet"}
                ):
                    found.append(f"{name}:{node.lineno} {func.value.id}.append(…)")
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "value":
                        found.append(f"{name}:{node.lineno} .value = …")
    assert not found, "write cells with renkei.common.exporting.put: " + ", ".join(found)
