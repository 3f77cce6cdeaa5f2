"""Daily reports (日報): the rules of the service (nothing written when refused), the pages, the
Excel export, and that nobody outside the firm sees them — not even the coordinator."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from renkei.orders import daily
from renkei.orders.models import DailyReport, DailyReportEntry
from renkei.registry.models import Process

D = dt.date
TODAY = D(2026, 9, 30)


@pytest.fixture
def processes(db):
    return Process.objects.get(code="turning"), Process.objects.get(code="inspection")


def _entry(process, **over):
    data = {
        "order_line": None,
        "description": "段取り替え",
        "process": process,
        "hours": Decimal("2"),
        "qty_produced": Decimal("0"),
        "qty_defective": Decimal("0"),
        "defect_note": "",
        "remarks": "",
    }
    data.update(over)
    return data


@pytest.fixture
def report(world, member_a, firm_a, processes):
    turning, inspection = processes
    line = world.po1.lines.get()
    return daily.daily_report_save(
        actor=member_a,
        organization=firm_a,
        work_date=D(2026, 9, 7),
        worker_name="赤城 太郎",
        entries=[
            _entry(
                turning,
                order_line=line,
                description="",
                hours=Decimal("6.5"),
                qty_produced=Decimal("120"),
                qty_defective=Decimal("3"),
                defect_note="寸法外れ",
            ),
            _entry(inspection, hours=Decimal("1.5"), qty_produced=Decimal("0")),
        ],
        today=TODAY,
    )


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


# --- the service ----------------------------------------------------------------------------


def test_a_report_with_entries_is_saved_and_summed(report, world):
    assert report.entries.count() == 2
    first = report.entries.get(position=1)
    assert first.order_line == world.po1.lines.get()
    assert first.qty_good == Decimal("117")
    days, totals = daily.daily_month(report.reporter, 2026, 9)
    assert [d.date for d in days] == [D(2026, 9, 7)]
    assert days[0].totals.hours == Decimal("8")
    assert days[0].totals.produced == Decimal("120")
    assert days[0].totals.defect_rate == pytest.approx(3 / 120)
    assert totals.defective == Decimal("3")


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"hours": Decimal("-1")}, "negative_quantity"),
        ({"qty_produced": Decimal("-5")}, "negative_quantity"),
        ({"qty_defective": Decimal("-1")}, "negative_quantity"),
        (
            {"qty_produced": Decimal("10"), "qty_defective": Decimal("11")},
            "defective_exceeds_produced",
        ),
        ({"qty_produced": Decimal("10"), "qty_defective": Decimal("1")}, "defect_note_missing"),
        ({"description": ""}, "entry_without_work"),
    ],
)
def test_a_bad_entry_writes_nothing(member_a, firm_a, processes, over, code):
    turning = processes[0]
    with pytest.raises(ValidationError) as caught:
        daily.daily_report_save(
            actor=member_a,
            organization=firm_a,
            work_date=D(2026, 9, 7),
            worker_name="赤城 太郎",
            # The good first entry is not kept either: all or nothing.
            entries=[_entry(turning), _entry(turning, **over)],
            today=TODAY,
        )
    assert code in _codes(caught.value)
    assert not DailyReport.objects.exists() and not DailyReportEntry.objects.exists()


def test_more_than_24_hours_a_day_is_refused(member_a, firm_a, processes):
    turning = processes[0]
    with pytest.raises(ValidationError) as caught:
        daily.daily_report_save(
            actor=member_a,
            organization=firm_a,
            work_date=D(2026, 9, 7),
            worker_name="赤城 太郎",
            entries=[_entry(turning, hours=Decimal("12")), _entry(turning, hours=Decimal("12.5"))],
            today=TODAY,
        )
    assert _codes(caught.value) == {"too_many_hours"}
    assert not DailyReport.objects.exists()


def test_a_future_day_is_refused(member_a, firm_a, processes):
    with pytest.raises(ValidationError) as caught:
        daily.daily_report_save(
            actor=member_a,
            organization=firm_a,
            work_date=TODAY + dt.timedelta(days=1),
            worker_name="赤城 太郎",
            entries=[_entry(processes[0])],
            today=TODAY,
        )
    assert _codes(caught.value) == {"future_date"}
    assert not DailyReport.objects.exists()


def test_an_order_line_of_another_firm_is_refused(world, member_a, firm_a, processes):
    # po2 was sent by buyer2 to firm_b; firm_a did not receive it. Nor is an order firm_a
    # might have placed (as the buyer) a job for its daily report.
    other = world.po2.lines.get()
    with pytest.raises(ValidationError) as caught:
        daily.daily_report_save(
            actor=member_a,
            organization=firm_a,
            work_date=D(2026, 9, 7),
            worker_name="赤城 太郎",
            entries=[_entry(processes[0]), _entry(processes[0], order_line=other)],
            today=TODAY,
        )
    assert _codes(caught.value) == {"order_line_not_received"}
    assert not DailyReport.objects.exists() and not DailyReportEntry.objects.exists()


def test_one_report_per_worker_and_day(report, member_a, firm_a, processes):
    with pytest.raises(ValidationError) as caught:
        daily.daily_report_save(
            actor=member_a,
            organization=firm_a,
            work_date=report.work_date,
            worker_name=report.worker_name,
            entries=[_entry(processes[0])],
            today=TODAY,
        )
    assert _codes(caught.value) == {"daily_report_exists"}
    assert DailyReport.objects.count() == 1


def test_nobody_else_writes_a_firms_report(report, member_b, coordinator, buyer, firm_a, processes):
    for actor in (member_b, coordinator, buyer):
        with pytest.raises(PermissionDenied):
            daily.daily_report_save(
                actor=actor,
                organization=firm_a,
                work_date=D(2026, 9, 8),
                worker_name="赤城 太郎",
                entries=[_entry(processes[0])],
                today=TODAY,
            )
        with pytest.raises(PermissionDenied):
            daily.daily_report_delete(actor=actor, report=report)
    assert DailyReport.objects.count() == 1 and report.entries.count() == 2


def test_an_edit_replaces_the_entries_and_a_refused_edit_keeps_them(
    report, member_a, firm_a, processes
):
    turning = processes[0]
    daily.daily_report_save(
        actor=member_a,
        organization=firm_a,
        work_date=report.work_date,
        worker_name=report.worker_name,
        entries=[_entry(turning, hours=Decimal("7.5"))],
        report=report,
        today=TODAY,
    )
    assert list(report.entries.values_list("hours", flat=True)) == [Decimal("7.5")]
    with pytest.raises(ValidationError):
        daily.daily_report_save(
            actor=member_a,
            organization=firm_a,
            work_date=report.work_date,
            worker_name=report.worker_name,
            entries=[_entry(turning, hours=Decimal("30"))],
            report=report,
            today=TODAY,
        )
    assert list(report.entries.values_list("hours", flat=True)) == [Decimal("7.5")]


# --- pages ----------------------------------------------------------------------------------


def _form_post(process, **over):
    data = {
        "work_date": "2026-09-08",
        "worker_name": "赤城 花子",
        "notes": "",
        "e-TOTAL_FORMS": "3",
        "e-INITIAL_FORMS": "0",
        "e-MIN_NUM_FORMS": "0",
        "e-MAX_NUM_FORMS": "1000",
        "e-0-description": "NC旋盤 加工",
        "e-0-process": str(process.pk),
        "e-0-hours": "5",
        "e-0-qty_produced": "80",
        "e-0-qty_defective": "2",
        "e-0-defect_note": "キズ",
        "e-1-description": "清掃",
        "e-1-process": str(process.pk),
        "e-1-hours": "3",
    }
    data.update(over)
    return data


def test_the_month_page_and_a_new_report_through_the_form(client, report, member_a, processes):
    client.force_login(member_a)
    page = client.get(reverse("orders:daily_month") + "?month=2026-09")
    assert page.status_code == 200
    text = page.content.decode()
    assert "赤城 太郎" in text and "2.50%" in text  # 3 of 120 defective
    response = client.post(reverse("orders:daily_new"), _form_post(processes[0]))
    assert response.status_code == 302, response.content.decode()[:3000]
    new = DailyReport.objects.get(worker_name="赤城 花子")
    assert new.reporter == member_a
    assert list(new.entries.values_list("hours", flat=True)) == [Decimal("5"), Decimal("3")]


def test_a_refused_form_writes_nothing_and_says_why(client, member_a, processes):
    client.force_login(member_a)
    response = client.post(
        reverse("orders:daily_new"), _form_post(processes[0], **{"e-1-hours": "-3"})
    )
    assert response.status_code == 422
    assert "負" in response.content.decode() or "negative" in response.content.decode()
    assert not DailyReport.objects.exists()


def test_the_htmx_row_carries_the_next_index(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("orders:daily_entry_row") + "?n=4", HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="e-4-hours"' in text
    assert 'value="5" id="id_e-TOTAL_FORMS"' in text and "?n=5" in text


def test_edit_and_delete_through_the_pages(client, report, member_a, processes):
    client.force_login(member_a)
    assert client.get(reverse("orders:daily_edit", args=[report.pk])).status_code == 200
    data = _form_post(
        processes[0],
        work_date="2026-09-07",
        worker_name=report.worker_name,
        **{"e-TOTAL_FORMS": "1", "e-0-hours": "4"},
    )
    response = client.post(reverse("orders:daily_edit", args=[report.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(report.entries.values_list("hours", flat=True)) == [Decimal("4")]
    response = client.post(reverse("orders:daily_delete", args=[report.pk]))
    assert response.status_code == 302
    assert not DailyReport.objects.exists()


def test_the_excel_export_in_japanese(client, report, member_a):
    client.force_login(member_a)
    response = client.get(reverse("orders:daily_export") + "?month=2026-09")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["日報", "集計"]
    sheet = book["日報"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["作業日", "作業者", "発注番号"]
    assert "作業時間" in headers and "生産数" in headers and "不良数" in headers
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2
    first = dict(zip(headers, rows[0], strict=True))
    assert first["作業時間"] == 6.5 and first["生産数"] == 120 and first["不良数"] == 3
    assert first["良品数"] == 117 and first["発注番号"] == "PO-1-1"
    summary = [r for r in book["集計"].iter_rows(values_only=True) if any(r)]
    assert summary[0][0] == "工程別"
    turning = next(r for r in summary if r[0] == Process.objects.get(code="turning").name_ja)
    assert turning[1:4] == (6.5, 120, 3) and turning[4] == pytest.approx(0.025)


@pytest.mark.parametrize("who", ["member_b", "buyer", "buyer2", "coordinator"])
def test_nobody_outside_the_firm_sees_its_reports(client, report, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    month = client.get(reverse("orders:daily_month") + "?month=2026-09")
    assert month.status_code in (200, 404)
    assert "赤城 太郎" not in month.content.decode()
    assert client.get(reverse("orders:daily_edit", args=[report.pk])).status_code == 404
    assert client.post(reverse("orders:daily_delete", args=[report.pk])).status_code == 404
    export = client.get(reverse("orders:daily_export") + "?month=2026-09")
    if export.status_code == 200:
        rows = list(load_workbook(io.BytesIO(export.content))["日報"].iter_rows(min_row=2))
        assert rows == []
    else:
        assert export.status_code == 404
    assert DailyReport.objects.filter(pk=report.pk).exists()


def test_the_coordinator_has_no_daily_reports_page(client, report, coordinator):
    client.force_login(coordinator)
    for name in ("orders:daily_month", "orders:daily_new", "orders:daily_export"):
        assert client.get(reverse(name)).status_code == 404, name


def test_anonymous_is_sent_to_log_in(client, report):
    for url in (
        reverse("orders:daily_month"),
        reverse("orders:daily_new"),
        reverse("orders:daily_export"),
        reverse("orders:daily_entry_row"),
        reverse("orders:daily_edit", args=[report.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.post(reverse("orders:daily_delete", args=[report.pk])).status_code == 302
    assert DailyReport.objects.filter(pk=report.pk).exists()
