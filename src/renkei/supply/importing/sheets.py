"""The supply sheets: 品目 (items), 部品表 (BOM), 工程 (routing), 調達先 (sourcing), 在庫
(inventory) and 復旧時間 (sites' times to recover), with Japanese and English headers.

One workbook holds all six sheets; a CSV file holds one of them. All items of one import belong
to one owner, so an item is named by its code alone; a supplier by its corporate number or firm
name, and its site by name (blank: the head office); a process by its Japanese name, English
name or code.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.common.importing import cells
from renkei.common.importing.choices import choice_parser
from renkei.common.importing.core import Column, SheetSpec
from renkei.registry.models import Organization, Site
from renkei.registry.validators import corporate_number_check_digit, validate_corporate_number
from renkei.supply.models import Item, ItemKind, RoutingStep, SiteRecovery, SourcingStatus

ITEM_KIND_JA = {ItemKind.PRODUCT: "製品", ItemKind.PART: "部品", ItemKind.MATERIAL: "材料"}
ITEM_KIND_SYNONYMS = {
    "完成品": ItemKind.PRODUCT,
    "製品品目": ItemKind.PRODUCT,
    "部材": ItemKind.PART,
    "構成部品": ItemKind.PART,
    "購入部品": ItemKind.PART,
    "原材料": ItemKind.MATERIAL,
    "素材": ItemKind.MATERIAL,
    "材": ItemKind.MATERIAL,
}
STATUS_JA = {
    SourcingStatus.ACTIVE: "現行",
    SourcingStatus.BACKUP: "認定済み代替先",
    SourcingStatus.CANDIDATE: "候補",
}
STATUS_SYNONYMS = {
    "現行調達先": SourcingStatus.ACTIVE,
    "採用": SourcingStatus.ACTIVE,
    "代替先": SourcingStatus.BACKUP,
    "代替": SourcingStatus.BACKUP,
    "認定代替先": SourcingStatus.BACKUP,
    "バックアップ": SourcingStatus.BACKUP,
    "backup": SourcingStatus.BACKUP,
    "候補先": SourcingStatus.CANDIDATE,
}

kind_parser, kind_shown = choice_parser(ItemKind, ITEM_KIND_JA, ITEM_KIND_SYNONYMS)
status_parser, status_shown = choice_parser(SourcingStatus, STATUS_JA, STATUS_SYNONYMS)

FOUR_PLACES = Decimal("0.0001")


def _max_length(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length


def item_code(value: Any) -> str:
    """Codes typed with full-width letters or digits (Ｐ－００１) are the same code as P-001."""
    code = cells.digits(value) if isinstance(value, (int, float)) else cells.fold(value)
    limit = _max_length(Item, "code") or 60
    if len(code) > limit:
        raise ValidationError(
            _("At most %(max)s characters. This cell has %(length)s."),
            code="too_long",
            params={"max": limit, "length": len(code)},
        )
    return code


def positive(*, max_digits: int, decimal_places: int) -> cells.Parser:
    """A number above zero (a BOM quantity): zero and negative numbers are refused."""
    base = cells.decimal(max_digits=max_digits, decimal_places=decimal_places)

    def parse(value: Any) -> Decimal:
        number: Decimal = base(value)
        if number <= 0:
            raise ValidationError(
                _("Enter a number above 0. Got: %(value)s"),
                code="not_positive",
                params={"value": cells.cell_text(value)},
            )
        return number

    return parse


def share(value: Any) -> Decimal:
    """0.6, 60, 60 % and an Excel percentage cell all mean 60 %: a number above 1 or one written
    with % is a percentage."""
    number: Decimal = cells.decimal(min_value=0, units=("%", "％"))(value)
    if cells.fold(value).endswith("%") or number > 1:
        number = number / 100
    if number > 1:
        raise ValidationError(
            _("A share is between 0 and 1, or between 0 and 100 %%. Got: %(value)s"),
            code="share_range",
            params={"value": cells.cell_text(value)},
        )
    return number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def corporate_number(value: Any) -> str:
    number = cells.digits(value)
    validate_corporate_number(number)
    return number


def quantity(**kwargs: Any) -> cells.Parser:
    return cells.decimal(min_value=0, max_digits=14, decimal_places=3, **kwargs)


EXAMPLE_SUPPLIER_CN = f"{corporate_number_check_digit('070001012345')}070001012345"
EXAMPLE_SUPPLIER = "株式会社赤城精機"


def _item_column(
    key: str = "item", *, header_ja: str = "品目コード", header_en: str = "Item code"
) -> Column:
    return Column(
        key, header_ja, header_en, item_code, required=True,
        help=_("Code of an item of the 品目 sheet or one already registered."),
        example="BR-100", as_text=True,
    )  # fmt: skip


def _supplier_columns(*, site_help: Any) -> tuple[Column, Column, Column]:
    return (
        Column(
            "corporate_number", "法人番号", "Corporate number", corporate_number,
            help=_("The firm's corporate number (or fill in the firm name)."),
            example=EXAMPLE_SUPPLIER_CN, as_text=True,
        ),
        Column(
            "firm_name", "企業名", "Firm", cells.text(max_length=_max_length(Organization, "name")),
            help=_("The firm's name as registered (used when there is no corporate number)."),
            example=EXAMPLE_SUPPLIER,
        ),
        Column(
            "site_name", "拠点名", "Site", cells.text(max_length=_max_length(Site, "name")),
            help=site_help, example="第二工場",
        ),
    )  # fmt: skip


def _step_column(*, required: bool, help: Any) -> Column:
    return Column(
        "step", "工程順", "Step", cells.integer(min_value=1, max_value=32767),
        required=required, help=help, example="1",
    )  # fmt: skip


ITEMS = SheetSpec(
    key="items", name_ja="品目", name_en="Items",
    aliases=("品目マスタ", "品目一覧", "部品表マスタ", "item"),
    help=_("One row per product, part or material."),
    columns=(
        Column(
            "owner", "所有者", "Owner", cells.text(),
            help=_(
                "Corporate number or name of the organisation that owns the items. Blank: the "
                "importing buyer's organisation (coordinators name the owner here or on the "
                "import page)."
            ),
            as_text=True,
        ),
        Column(
            "code", "品目コード", "Item code", item_code, required=True,
            help=_(
                "The item's code, unique among the owner's items. A row with a registered code "
                "updates that item."
            ),
            example="BR-100", as_text=True,
        ),
        Column(
            "name", "品目名", "Item name",
            cells.text(max_length=_max_length(Item, "name")), required=True,
            help=_("Name of the item."), example="ブレーキユニット",
        ),
        Column(
            "kind", "種別", "Kind", kind_parser,
            help=_("製品 (product), 部品 (part) or 材料 (material); a new item without one is a part."),
            example="製品", options=kind_shown,
        ),
        Column(
            "unit", "単位", "Unit", cells.text(max_length=_max_length(Item, "unit")),
            help=_("Unit of quantity, e.g. 個, kg, m (個 when left blank on a new item)."),
            example="個",
        ),
        Column(
            "demand_per_day", "日当たり需要", "Demand per day", quantity(),
            help=_("Units needed per day (0 or more)."), example="120",
        ),
        Column(
            "margin", "単位当たり利益(円)", "Margin per unit (yen)",
            cells.decimal(min_value=0, max_digits=14, decimal_places=2, units=("円",)),
            help=_("Profit margin per unit in yen, used to weigh the impact of a disruption."),
            example="2,500",
        ),
        Column(
            "ttr_days", "復旧日数", "TTR (days)",
            cells.decimal(min_value=0, max_digits=8, decimal_places=1, units=("日",)),
            help=_("Days to restore supply of this item after it is lost everywhere."),
            example="30",
        ),
    ),
)  # fmt: skip

BOM = SheetSpec(
    key="bom", name_ja="部品表", name_en="BOM",
    aliases=("BOM", "構成表", "部品構成", "bill of materials"),
    help=_("One row per parent item and component: how many of the component one parent needs."),
    columns=(
        _item_column("parent", header_ja="親品目コード", header_en="Parent item code"),
        _item_column("child", header_ja="子品目コード", header_en="Component code"),
        Column(
            "qty_per_unit", "員数", "Quantity per unit",
            positive(max_digits=12, decimal_places=4), required=True,
            help=_("How many of the component go into one parent (above 0)."), example="4",
        ),
    ),
)  # fmt: skip

ROUTING = SheetSpec(
    key="routing", name_ja="工程", name_en="Routing",
    aliases=("工程表", "工順", "routings"),
    help=_("One row per step of an item's routing, in the order of the step numbers."),
    columns=(
        _item_column(),
        _step_column(
            required=True,
            help=_("Step number, 1 for the first process. The item's step with this number is updated."),
        ),
        Column(
            "process", "工程名", "Process", cells.text(), required=True,
            help=_("Process name or code from the process list, e.g. プレス."), example="プレス",
        ),
        Column(
            "note", "備考", "Note", cells.text(max_length=_max_length(RoutingStep, "note")),
            help=_("Anything else about the step."), example="外注",
        ),
    ),
)  # fmt: skip

SOURCING = SheetSpec(
    key="sourcing", name_ja="調達先", name_en="Sourcing",
    aliases=("調達", "購買先", "仕入先", "supplier", "suppliers"),
    help=_("One row per item (or routing step) and supplier site."),
    one_of=(("corporate_number", "firm_name"),),
    columns=(
        _item_column(),
        _step_column(
            required=False,
            help=_("Routing step the site performs; blank when it supplies the whole item."),
        ),
        *_supplier_columns(site_help=_("The supplier's site; blank means its head office.")),
        Column(
            "status", "区分", "Status", status_parser,
            help=_("現行 (active), 認定済み代替先 (qualified backup) or 候補 (candidate); 現行 when blank on a new row."),
            example="現行", options=status_shown,
        ),
        Column(
            "share", "シェア", "Share", share,
            help=_(
                "Share of the item bought from this site: 0.6, 60 or 60%. The shares of an "
                "item's active sources add up to at most 100 %."
            ),
            example="60%",
        ),
        Column(
            "lead_time_days", "リードタイム(日)", "Lead time (days)",
            cells.decimal(min_value=0, max_digits=7, decimal_places=1, units=("日",)),
            help=_("Days from order to delivery."), example="14",
        ),
        Column(
            "unit_price", "単価(円)", "Unit price (yen)",
            cells.decimal(min_value=0, max_digits=14, decimal_places=2, units=("円",)),
            help=_("Price per unit in yen."), example="1,200",
        ),
        Column(
            "capacity_per_day", "日産能力", "Capacity per day", quantity(),
            help=_("Units the site can make for this item per day."), example="200",
        ),
    ),
)  # fmt: skip

INVENTORY = SheetSpec(
    key="inventory", name_ja="在庫", name_en="Inventory",
    aliases=("在庫表", "在庫数", "stock"),
    help=_("One row per item and site where it is stocked: your own sites or the item's suppliers'."),
    columns=(
        _item_column(),
        *_supplier_columns(
            site_help=_("The site holding the stock; blank means the firm's head office."),
        ),
        Column(
            "on_hand", "手持在庫", "On hand", quantity(),
            help=_("Units in stock now (0 or more)."), example="500",
        ),
        Column(
            "in_transit", "輸送中", "In transit", quantity(),
            help=_("Units on the way (0 or more)."), example="100",
        ),
        Column(
            "safety_stock", "安全在庫", "Safety stock", quantity(),
            help=_("Units always kept in reserve (0 or more)."), example="200",
        ),
    ),
)  # fmt: skip

RECOVERY = SheetSpec(
    key="recovery", name_ja="復旧時間", name_en="Recovery times",
    aliases=("復旧", "TTR", "recovery"),
    help=_("One row per site: the days it needs to recover after a disruption."),
    one_of=(("corporate_number", "firm_name"),),
    columns=(
        *_supplier_columns(site_help=_("Site name; blank means the head office.")),
        Column(
            "ttr_days", "復旧日数", "TTR (days)",
            cells.decimal(min_value=0, max_digits=8, decimal_places=1, units=("日",)),
            required=True,
            help=_("Days the site needs to resume supply after a disruption."), example="21",
        ),
        Column(
            "basis", "根拠", "Basis", cells.text(max_length=_max_length(SiteRecovery, "basis")),
            help=_("Where the figure comes from, e.g. the firm's BCP."), example="BCP回答(2024年)",
        ),
    ),
)  # fmt: skip

SHEETS: tuple[SheetSpec, ...] = (ITEMS, BOM, ROUTING, SOURCING, INVENTORY, RECOVERY)
SHEETS_BY_KEY = {spec.key: spec for spec in SHEETS}

ITEM_FIELDS = ("code", "name", "kind", "unit", "demand_per_day", "margin", "ttr_days")
SOURCING_FIELDS = ("status", "share", "lead_time_days", "unit_price", "capacity_per_day")
INVENTORY_FIELDS = ("on_hand", "in_transit", "safety_stock")
