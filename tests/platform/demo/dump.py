"""A canonical dump of everything the demo writes, read with plain SQL.

Rows are keyed by natural keys (corporate number, site name, process code), never by primary
keys, and values are normalised, so two databases — this test database and a SQLite file a
subprocess wrote, or the same database after a reset — compare byte for byte.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

SITE = "JOIN registry_site s ON s.id = {t}.site_id JOIN registry_organization o ON o.id = s.organization_id"
ORG = "JOIN registry_organization o ON o.id = {t}.organization_id"
OWNER = "JOIN registry_organization o ON o.id = {t}.owner_id"
BUYER = "JOIN registry_organization o ON o.id = {t}.buyer_id"
SUPPLIER = " JOIN registry_organization so ON so.id = {t}.supplier_id"
LINE_PO = (
    "JOIN orders_purchaseorder p ON p.id = l.po_id JOIN registry_organization o ON o.id = p.buyer_id"
    " LEFT JOIN supply_item i ON i.id = l.item_id"
)

QUERIES = {
    "org": "SELECT corporate_number, name, name_kana, name_en, kind, industry, capital_jpy,"
    " employees, founded_year, description, website, listed_in_directory"
    " FROM registry_organization",
    "site": "SELECT o.corporate_number, s.name, s.is_headquarters, s.postal_code,"
    " s.municipality_id, s.address, s.latitude, s.longitude, s.hazard_zones"
    " FROM registry_site s JOIN registry_organization o ON o.id = s.organization_id",
    "capability": "SELECT o.corporate_number, s.name, p.code, c.tolerance_mm, c.max_length_mm,"
    " c.max_width_mm, c.max_height_mm, c.max_weight_kg, c.lot_min, c.lot_max,"
    " c.monthly_capacity_hours, c.current_load_hours, c.notes FROM registry_capability c "
    + SITE.format(t="c")
    + " JOIN registry_process p ON p.id = c.process_id",
    "material": "SELECT o.corporate_number, s.name, p.code, m.code"
    " FROM registry_capability_materials cm"
    " JOIN registry_capability c ON c.id = cm.capability_id "
    + SITE.format(t="c")
    + " JOIN registry_process p ON p.id = c.process_id"
    " JOIN registry_material m ON m.id = cm.material_id",
    "equipment": "SELECT o.corporate_number, s.name, p.code, e.name, e.maker, e.model_number,"
    " e.year, e.count FROM registry_equipment e "
    + SITE.format(t="e")
    + " LEFT JOIN registry_process p ON p.id = e.process_id",
    "certification": "SELECT o.corporate_number, c.kind, c.number, c.issuer, c.expires_on"
    " FROM registry_certification c " + ORG.format(t="c"),
    "contact": "SELECT o.corporate_number, c.name, c.department, c.title, c.phone, c.email,"
    " c.emergency_role, c.emergency_order, c.visibility FROM registry_contact c "
    + ORG.format(t="c"),
    "skill": "SELECT o.corporate_number, p.code, h.age_band, h.workers"
    " FROM registry_skillholding h "
    + ORG.format(t="h")
    + " JOIN registry_process p ON p.id = h.process_id",
    "item": "SELECT o.corporate_number, i.code, i.name, i.kind, i.unit, i.demand_per_day,"
    " i.margin, i.ttr_days FROM supply_item i " + OWNER.format(t="i"),
    "bom": "SELECT o.corporate_number, p.code, c.code, b.qty_per_unit FROM supply_bomline b"
    " JOIN supply_item p ON p.id = b.parent_id JOIN supply_item c ON c.id = b.child_id "
    + OWNER.format(t="p"),
    "routing": "SELECT o.corporate_number, i.code, r.sequence, p.code, r.note"
    " FROM supply_routingstep r JOIN supply_item i ON i.id = r.item_id "
    + OWNER.format(t="i")
    + " JOIN registry_process p ON p.id = r.process_id",
    "sourcing": "SELECT io.corporate_number, i.code, o.corporate_number, s.name, r.sequence,"
    " x.status, x.share, x.lead_time_days, x.unit_price, x.capacity_per_day"
    " FROM supply_sourcing x JOIN supply_item i ON i.id = x.item_id"
    " JOIN registry_organization io ON io.id = i.owner_id "
    + SITE.format(t="x")
    + " LEFT JOIN supply_routingstep r ON r.id = x.step_id",
    "inventory": "SELECT io.corporate_number, i.code, o.corporate_number, s.name, v.on_hand,"
    " v.in_transit, v.safety_stock FROM supply_inventoryposition v"
    " JOIN supply_item i ON i.id = v.item_id"
    " JOIN registry_organization io ON io.id = i.owner_id " + SITE.format(t="v"),
    "recovery": "SELECT o.corporate_number, s.name, r.ttr_days, r.basis"
    " FROM supply_siterecovery r " + SITE.format(t="r"),
    "rfq": "SELECT o.corporate_number, r.title, r.needed_by, r.status FROM orders_rfq r "
    + BUYER.format(t="r"),
    "rfq_line": "SELECT o.corporate_number, r.title, l.line_no, i.code, l.description,"
    " l.quantity, l.unit FROM orders_rfqline l JOIN orders_rfq r ON r.id = l.rfq_id "
    + BUYER.format(t="r")
    + " LEFT JOIN supply_item i ON i.id = l.item_id",
    "rfq_recipient": "SELECT o.corporate_number, r.title, so.corporate_number"
    " FROM orders_rfqrecipient x JOIN orders_rfq r ON r.id = x.rfq_id "
    + BUYER.format(t="r")
    + SUPPLIER.format(t="x"),
    "quote": "SELECT o.corporate_number, r.title, so.corporate_number, q.status,"
    " q.decline_reason, q.valid_until, q.lead_time_days, q.notes"
    " FROM orders_quote q JOIN orders_rfq r ON r.id = q.rfq_id "
    + BUYER.format(t="r")
    + SUPPLIER.format(t="q"),
    "price_break": "SELECT o.corporate_number, r.title, so.corporate_number, l.line_no,"
    " b.min_qty, b.unit_price FROM orders_quotepricebreak b"
    " JOIN orders_quoteline ql ON ql.id = b.quote_line_id"
    " JOIN orders_quote q ON q.id = ql.quote_id JOIN orders_rfq r ON r.id = q.rfq_id"
    " JOIN orders_rfqline l ON l.id = ql.rfq_line_id "
    + BUYER.format(t="r")
    + SUPPLIER.format(t="q"),
    "attachment": "SELECT o.corporate_number, r.title, a.file, a.original_name,"  # the file path holds the uuid (dashed the same on every database)
    " a.content_type, a.size, a.sha256, a.kind FROM orders_attachment a"
    " JOIN orders_rfq r ON r.id = a.rfq_id " + BUYER.format(t="r"),
    "po": "SELECT o.corporate_number, p.number, so.corporate_number, p.order_date, r.title"
    " FROM orders_purchaseorder p "
    + BUYER.format(t="p")
    + SUPPLIER.format(t="p")
    + " LEFT JOIN orders_rfq r ON r.id = p.rfq_id",
    "order_line": "SELECT o.corporate_number, p.number, l.line_no, i.code, l.description,"
    " l.qty_ordered, l.unit_price, l.promised_date FROM orders_orderline l " + LINE_PO,
    "receipt": "SELECT o.corporate_number, p.number, l.line_no, x.received_date,"
    " x.qty_received, n.qty_inspected, n.qty_rejected, n.defect_class, n.note"
    " FROM orders_receipt x JOIN orders_orderline l ON l.id = x.order_line_id "
    + LINE_PO
    + " LEFT JOIN orders_inspection n ON n.receipt_id = x.id",
    "sharing": "SELECT o.corporate_number, x.level FROM orders_qcdsharing x " + ORG.format(t="x"),
    "price_revision": "SELECT o.corporate_number, so.corporate_number, i.code, r.description,"
    " r.revision, r.unit_price, r.effective_from, r.reason FROM orders_pricerevision r "
    + BUYER.format(t="r")
    + SUPPLIER.format(t="r")
    + " LEFT JOIN supply_item i ON i.id = r.item_id",
    "daily_report": "SELECT o.corporate_number, r.work_date, r.worker_name, r.notes"
    " FROM orders_dailyreport r " + ORG.format(t="r"),
    "daily_entry": "SELECT o.corporate_number, r.work_date, r.worker_name, e.position,"
    " p.number, l.line_no, e.description, x.code, e.hours, e.qty_produced, e.qty_defective,"
    " e.defect_note, e.remarks FROM orders_dailyreportentry e"
    " JOIN orders_dailyreport r ON r.id = e.report_id "
    + ORG.format(t="r")
    + " LEFT JOIN orders_orderline l ON l.id = e.order_line_id"
    " LEFT JOIN orders_purchaseorder p ON p.id = l.po_id"
    " JOIN registry_process x ON x.id = e.process_id",
    "user": "SELECT u.username, u.first_name, u.last_name, u.email, u.role, u.is_active,"
    " o.corporate_number FROM accounts_user u"
    " LEFT JOIN registry_organization o ON o.id = u.organization_id",
}


def _normal(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float | Decimal):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if text.startswith("["):  # a JSON column read back as text
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


def sql_dump(cursor: Any) -> bytes:
    rows: list[str] = []
    for table, sql in QUERIES.items():
        cursor.execute(sql)
        rows += ["\t".join([table, *map(_normal, row)]) for row in cursor.fetchall()]
    return "\n".join(sorted(rows)).encode()
