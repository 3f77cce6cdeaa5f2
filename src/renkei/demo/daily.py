"""Daily reports (日報) of the demo: the shop floor of a few member firms.

The first three member firms with received orders (the logins a presenter opens first) keep a
daily report per worker for the last weeks before the build's ``ctx.today``: weekdays only,
not in the お盆 holidays, two to four workers, two or three jobs a day each. A job is a line of
an order the firm received that was being worked on that day (ordered, not yet due or just
overdue), in one of the firm's processes that the part's routing needs (else the firm's main
process); some time goes to set-ups, maintenance and 5S. Output follows the hours at a rate that
fits the line's quantity; now and then a few pieces come out defective, with a note.

Every draw comes from ``ctx.rng("daily", ...)``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from renkei.demo.common import person
from renkei.demo.plans import DemoContext
from renkei.orders.models import DailyReport, DailyReportEntry, OrderLine
from renkei.registry.models import Capability, Organization, OrganizationKind
from renkei.supply.models import RoutingStep

FIRMS = 3
DAYS = 77  # about eleven weeks back from the demo's today
SHIFT_HOURS = (8, 8, 8, 8, 8.5, 9, 9.5, 10)
OTHER_WORK = ("段取り・治具準備", "設備点検・保全", "5S・清掃", "刃具交換・研削")
DEFECT_NOTES = ("寸法外れ", "キズ・打痕", "バリ残り", "面粗度不良", "穴位置ずれ", "材料不良")
REMARKS = ("", "", "", "", "段取り替え1回", "刃具交換", "新人OJT", "材料待ち30分")
WRITTEN_MODELS = 2


def build(ctx: DemoContext) -> None:
    ctx.progress(0.05, "daily")
    first = ctx.today - dt.timedelta(days=DAYS)
    reports: list[DailyReport] = []
    entries: list[tuple[DailyReport, DailyReportEntry]] = []
    firms = 0
    for plan in ctx.plans_of_kind(OrganizationKind.MEMBER):
        org = ctx.organizations.get(plan.key)
        if org is None or firms == FIRMS:
            continue
        lines = list(
            OrderLine.objects.filter(
                po__supplier=org,
                po__order_date__lte=ctx.today,
                promised_date__gte=first,
            )
            .select_related("po", "item")
            .order_by("po__order_date", "po__number", "line_no")
        )
        own = _own_processes(org)
        if not lines or not own:
            continue
        firms += 1
        _firm_reports(ctx, org, lines, own, first, reports, entries)
    _bulk(ctx, 1, DailyReport, reports)
    for report, entry in entries:
        entry.report = report
    _bulk(ctx, 2, DailyReportEntry, [entry for _, entry in entries])


def reset() -> None:
    DailyReportEntry.objects.all().delete()
    DailyReport.objects.all().delete()


def _own_processes(org: Organization) -> list[int]:
    """The firm's process ids, its main (largest capacity) first."""
    rows = (
        Capability.objects.filter(site__organization=org)
        .order_by("-monthly_capacity_hours", "process__sort_order", "process__code")
        .values_list("process_id", flat=True)
    )
    return list(dict.fromkeys(rows))


def _working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not (8, 12) <= (day.month, day.day) <= (8, 16)


def _firm_reports(
    ctx: DemoContext,
    org: Organization,
    lines: list[OrderLine],
    own: list[int],
    first: dt.date,
    reports: list[DailyReport],
    entries: list[tuple[DailyReport, DailyReportEntry]],
) -> None:
    rng = ctx.rng("daily", org.corporate_number)
    workers = sorted({person(rng).name for _ in range(rng.randint(2, 4))})
    routing: dict[int, list[int]] = defaultdict(list)
    items = {line.item_id for line in lines if line.item_id is not None}
    for item_id, process_id in (
        RoutingStep.objects.filter(item_id__in=items)
        .order_by("item_id", "sequence")
        .values_list("item_id", "process_id")
    ):
        routing[item_id].append(process_id)
    day = first
    while day < ctx.today:
        if _working_day(day):
            active = [
                ln
                for ln in lines
                if ln.po.order_date <= day <= ln.promised_date + dt.timedelta(days=3)
            ]
            for worker in workers:
                wrng = ctx.rng("daily", org.corporate_number, worker, day.isoformat())
                if wrng.random() < 0.05:
                    continue  # a day off (有給)
                report = DailyReport(organization=org, work_date=day, worker_name=worker)
                reports.append(report)
                for n, entry in enumerate(_day_entries(wrng, active, own, routing), start=1):
                    entry.position = n
                    entries.append((report, entry))
        day += dt.timedelta(days=1)


def _day_entries(
    rng: random.Random,
    active: list[OrderLine],
    own: list[int],
    routing: dict[int, list[int]],
) -> list[DailyReportEntry]:
    total = Decimal(str(rng.choice(SHIFT_HOURS)))
    jobs = rng.randint(2, 3)
    cuts = sorted(rng.sample(range(1, int(total * 2)), k=jobs - 1))
    hours = [Decimal(b - a) / 2 for a, b in zip([0, *cuts], [*cuts, int(total * 2)], strict=True)]
    out = []
    for share in hours:
        if not active or rng.random() < 0.15:
            out.append(
                DailyReportEntry(description=rng.choice(OTHER_WORK), process_id=own[0], hours=share)
            )
            continue
        line = rng.choice(active)
        needed = [p for p in routing.get(line.item_id or 0, []) if p in own]
        rate = float(line.qty_ordered) / rng.uniform(10, 40)  # pieces an hour
        whole = line.qty_ordered == line.qty_ordered.to_integral_value()
        made = rate * float(share)
        produced = Decimal(max(1, round(made))) if whole else Decimal(str(round(made, 1)))
        defective = Decimal(0)
        note = ""
        if rng.random() < 0.12:
            defective = min(
                produced, Decimal(max(1, round(float(produced) * rng.uniform(0.005, 0.03))))
            )
            if not whole:
                defective = min(
                    produced, Decimal(str(round(float(produced) * 0.02, 1))) or Decimal("0.1")
                )
            note = rng.choice(DEFECT_NOTES)
        out.append(
            DailyReportEntry(
                order_line=line,
                process_id=needed[0] if needed else own[0],
                hours=share,
                qty_produced=produced,
                qty_defective=defective,
                defect_note=note,
                remarks=rng.choice(REMARKS),
            )
        )
    return out


def _bulk(ctx: DemoContext, step: int, model: Any, objs: list[Any]) -> None:
    model._default_manager.bulk_create(objs, batch_size=500)
    name = model._meta.model_name or model.__name__
    ctx.counts[name] = ctx.counts.get(name, 0) + len(objs)
    ctx.progress(0.1 + 0.9 * step / WRITTEN_MODELS, "daily")
