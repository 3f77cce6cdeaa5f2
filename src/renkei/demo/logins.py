"""The block of demo logins that ``renkei demo`` and ``make run`` print (Japanese and English)."""

from __future__ import annotations

import unicodedata

from renkei.accounts.models import Role
from renkei.demo import DemoSummary
from renkei.demo.accounts import Login

MEMBERS_SHOWN = 10
RULE = "=" * 72


def _pad(text: str, width: int) -> str:
    """Pad to a display width, counting full-width (Japanese) characters as two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def _line(login: Login) -> str:
    return f"  {_pad(login.username, 13)}{_pad(login.name, 12)}{login.organization}"


def format_logins(summary: DemoSummary) -> str:
    coordinators = summary.logins_with_role(Role.COORDINATOR)
    buyers = summary.logins_with_role(Role.BUYER)
    members = summary.logins_with_role(Role.MEMBER)
    lines = [
        RULE,
        f"デモクラスター / Demo cluster — seed {summary.seed}, 会員企業 {summary.firms} 社 / member firms",
        f"データは {summary.today} まで / data up to {summary.today}",
        f"パスワード(全ユーザー共通) / password (every demo user): {summary.password}",
        RULE,
        "コーディネーター / coordinator:",
        *(_line(login) for login in coordinators),
        f"バイヤー / buyers ({len(buyers)}):",
        *(_line(login) for login in buyers),
        f"会員企業 / member firms ({len(members)}):",
        *(_line(login) for login in members[:MEMBERS_SHOWN]),
    ]
    if len(members) > MEMBERS_SHOWN:
        first, last = members[0].username, members[-1].username
        lines.append(
            f"  … {first}–{last}: 各社1名、同じパスワード / one login per firm, same password"
        )
    lines += [
        "ログイン画面 / log in at: /accounts/login/",
        RULE,
    ]
    return "\n".join(lines)


def format_counts(summary: DemoSummary, elapsed: float) -> str:
    """What was built, in one line, and the stories the demo data tells (by corporate number)."""
    counts = summary.counts
    lines = [
        f"{counts.get('organization', 0)} organisations, {counts.get('site', 0)} sites, "
        f"{counts.get('capability', 0)} capabilities, {counts.get('equipment', 0)} machines, "
        f"{counts.get('item', 0)} items, {counts.get('sourcing', 0)} sourcing rows, "
        f"{counts.get('purchaseorder', 0)} purchase orders, "
        f"{counts.get('orderline', 0)} order lines, {counts.get('receipt', 0)} receipts, "
        f"{counts.get('rfq', 0)} RFQs, {counts.get('pricerevision', 0)} price revisions, "
        f"{counts.get('dailyreport', 0)} daily reports, {counts.get('user', 0)} users"
        f" — {elapsed:.1f} s"
    ]
    shown = {
        "orders.worsening_supplier": "納期遵守率が悪化中 / on-time delivery worsening",
        "orders.incident_supplier": "品質問題 / quality incident",
    }
    for key, label in shown.items():
        if key in summary.highlights:
            month = summary.highlights.get("orders.incident_month", "")
            when = f" ({month})" if key == "orders.incident_supplier" and month else ""
            name = summary.highlights.get(f"{key}.name", "")
            lines.append(f"  {label}{when}: {name} (法人番号 {summary.highlights[key]})")
    return "\n".join(lines)
