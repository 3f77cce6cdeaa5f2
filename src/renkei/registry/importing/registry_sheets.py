"""The registry's sheets: 企業 (firms), 拠点 (sites), 加工能力 (capabilities), 設備 (equipment)
and 連絡先 (contacts), with their Japanese and English headers and cell parsers.

One workbook holds all five sheets; a CSV file holds one of them. Rows of the later sheets refer
to a firm by its corporate number (or its name), to a site by the firm and the site name (blank:
the head office), to a process by its Japanese name, English name or code, and to materials by
names or codes separated by 、 or ;.

Choice columns accept the Japanese word, the English label and the stored code. The Japanese words
are spelled out here rather than taken from the translation catalogue, because a file typed in
Japanese must import the same way whatever language the importing user has chosen.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.common.importing import cells
from renkei.common.importing.choices import boolean_label
from renkei.common.importing.choices import choice_parser as _choice_parser
from renkei.common.importing.core import Column, SheetSpec
from renkei.registry.models import (
    Capability,
    Contact,
    EmergencyRole,
    Equipment,
    HazardZone,
    Industry,
    Organization,
    OrganizationKind,
    Site,
    Visibility,
)
from renkei.registry.validators import (
    corporate_number_check_digit,
    validate_corporate_number,
    validate_municipality_code,
    validate_postal_code,
)

DEFAULT_HQ_NAME = "本社"

# --- choices: the Japanese word shown in templates and exports, then accepted synonyms ---
KIND_JA = {
    OrganizationKind.MEMBER: "会員企業",
    OrganizationKind.BUYER: "バイヤー",
    OrganizationKind.RESEARCH: "大学・研究機関",
    OrganizationKind.SUPPORT: "支援機関",
    OrganizationKind.MUNICIPALITY: "自治体",
}
KIND_SYNONYMS = {
    "会員": OrganizationKind.MEMBER,
    "中小企業": OrganizationKind.MEMBER,
    "メンバー": OrganizationKind.MEMBER,
    "発注者": OrganizationKind.BUYER,
    "発注企業": OrganizationKind.BUYER,
    "大学": OrganizationKind.RESEARCH,
    "研究機関": OrganizationKind.RESEARCH,
    "産業支援機関": OrganizationKind.SUPPORT,
    "市町村": OrganizationKind.MUNICIPALITY,
}
INDUSTRY_JA = {
    Industry.MANUFACTURING: "製造業その他",
    Industry.WHOLESALE: "卸売業",
    Industry.SERVICES: "サービス業",
    Industry.RETAIL: "小売業",
}
INDUSTRY_SYNONYMS = {"製造業": Industry.MANUFACTURING, "卸売": Industry.WHOLESALE}
HAZARD_JA = {
    HazardZone.FLOOD: "洪水",
    HazardZone.LANDSLIDE: "土砂災害",
    HazardZone.TSUNAMI: "津波",
    HazardZone.LIQUEFACTION: "液状化",
    HazardZone.VOLCANO: "火山灰",
    HazardZone.STORM_SURGE: "高潮",
}
HAZARD_SYNONYMS = {"浸水": HazardZone.FLOOD, "土砂崩れ": HazardZone.LANDSLIDE}
EMERGENCY_ROLE_JA = {
    EmergencyRole.NONE: "なし",
    EmergencyRole.PRIMARY: "緊急連絡先(正)",
    EmergencyRole.DEPUTY: "緊急連絡先(副)",
    EmergencyRole.BCP_LEAD: "BCP責任者",
    EmergencyRole.SITE_SAFETY: "安全管理者",
}
EMERGENCY_ROLE_SYNONYMS = {
    "正": EmergencyRole.PRIMARY,
    "副": EmergencyRole.DEPUTY,
    "BCP担当": EmergencyRole.BCP_LEAD,
    "安全担当": EmergencyRole.SITE_SAFETY,
}
VISIBILITY_JA = {
    Visibility.PRIVATE: "自社のみ",
    Visibility.CLUSTER: "クラスター内",
    Visibility.PUBLIC: "公開",
}
VISIBILITY_SYNONYMS = {
    "非公開": Visibility.PRIVATE,
    "会員内": Visibility.CLUSTER,
    "クラスター": Visibility.CLUSTER,
    "一般公開": Visibility.PUBLIC,
}


def corporate_number(value: Any) -> str:
    number = cells.digits(value)
    validate_corporate_number(number)
    return number


def postal_code(value: Any) -> str:
    code = cells.digits(value, width=7).removeprefix("〒")
    if len(code) == 7 and code.isdigit():
        code = f"{code[:3]}-{code[3:]}"
    validate_postal_code(code)
    return code


def municipality(value: Any) -> tuple[str, str]:
    """("code", "10205") for a JIS code (6 digits: the check digit is verified and dropped),
    ("name", "太田市") otherwise; the name is looked up when the rows are checked."""
    code = cells.digits(value, width=5)
    if code.isdigit():
        validate_municipality_code(code)
        return ("code", code[:5])
    return ("name", cells.fold(value))


def _max_length(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length


def _text(model: type[models.Model], name: str) -> cells.Parser:
    return cells.text(max_length=_max_length(model, name))


def _example_corporate_number(base: str) -> str:
    return f"{corporate_number_check_digit(base)}{base}"


EXAMPLE_CN = _example_corporate_number("070001012345")
EXAMPLE_FIRM = "株式会社赤城精機"

kind_parser, kind_shown = _choice_parser(OrganizationKind, KIND_JA, KIND_SYNONYMS)
industry_parser, industry_shown = _choice_parser(Industry, INDUSTRY_JA, INDUSTRY_SYNONYMS)
hazard_parser, hazard_shown = _choice_parser(HazardZone, HAZARD_JA, HAZARD_SYNONYMS)
role_parser, role_shown = _choice_parser(EmergencyRole, EMERGENCY_ROLE_JA, EMERGENCY_ROLE_SYNONYMS)
visibility_parser, visibility_shown = _choice_parser(Visibility, VISIBILITY_JA, VISIBILITY_SYNONYMS)


def _yes_no() -> list[str]:
    return [boolean_label(True), boolean_label(False)]


MUNICIPALITY_HELP = _(
    "JIS municipality code (5 or 6 digits) or name; blank to read it from the address."
)


def _firm_reference() -> tuple[Column, Column]:
    return (
        Column(
            "corporate_number", "法人番号", "Corporate number", corporate_number,
            help=_("The firm's corporate number (or fill in the firm name)."),
            example=EXAMPLE_CN, as_text=True,
        ),
        Column(
            "firm_name", "企業名", "Firm", _text(Organization, "name"),
            help=_("The firm's name as registered (used when there is no corporate number)."),
            example=EXAMPLE_FIRM,
        ),
    )  # fmt: skip


def _site_reference() -> Column:
    return Column(
        "site_name", "拠点名", "Site", _text(Site, "name"),
        help=_("Site name; blank means the head office."), example="第二工場",
    )  # fmt: skip


FIRMS = SheetSpec(
    key="firms", name_ja="企業", name_en="Firms",
    aliases=("企業・団体", "事業者", "firm", "organisations", "organizations"),
    help=_("One row per firm or organisation."),
    columns=(
        Column(
            "corporate_number", "法人番号", "Corporate number", corporate_number,
            help=_(
                "13 digits with the check digit. It identifies the firm: a row with a "
                "registered number updates that firm."
            ),
            example=EXAMPLE_CN, as_text=True,
        ),
        Column(
            "name", "企業名", "Name", _text(Organization, "name"), required=True,
            help=_("Official name, e.g. 株式会社○○."), example=EXAMPLE_FIRM,
        ),
        Column(
            "name_kana", "企業名カナ", "Name (kana)", _text(Organization, "name_kana"),
            help=_("Name in katakana, used for sorting."), example="アカギセイキ",
        ),
        Column(
            "name_en", "英語名", "Name (English)", _text(Organization, "name_en"),
            help=_("Name in English (optional)."), example="Akagi Seiki Co., Ltd.",
        ),
        Column(
            "kind", "種別", "Kind", kind_parser,
            help=_(
                "Member firm, buyer, university / research institute, support organisation "
                "or municipality. A new firm without a kind is a member firm."
            ),
            example="会員企業", options=kind_shown,
        ),
        Column(
            "industry", "業種", "Industry", industry_parser,
            help=_("Industry group of the SME Basic Act: manufacturing, wholesale, services or retail."),
            example="製造業その他", options=industry_shown,
        ),
        Column(
            "capital_jpy", "資本金(円)", "Capital (yen)", cells.integer(min_value=0),
            help=_("Capital in yen (digits; commas are fine)."), example="30,000,000",
        ),
        Column(
            "employees", "従業員数", "Employees", cells.integer(min_value=0, units=("人", "名")),
            help=_("Number of employees."), example="45",
        ),
        Column(
            "founded_year", "創業年", "Founded",
            cells.integer(min_value=1600, max_value=2100, units=("年",)),
            help=_("Year founded, e.g. 1975."), example="1975",
        ),
        Column(
            "website", "ウェブサイト", "Website", cells.url(),
            help=_("Home page address."), example="https://www.example.co.jp/",
        ),
        Column(
            "description", "事業内容", "Description", cells.text(multiline=True),
            help=_("Strengths and main products, shown on the profile."),
            example="アルミ・ステンレスの精密切削。試作から量産まで短納期で対応。",
        ),
        Column(
            "listed_in_directory", "ディレクトリ掲載", "Listed in directory", cells.boolean(),
            help=_("はい to show the firm on the public directory page."),
            example="はい", options=_yes_no,
        ),
        Column(
            "hq_name", "本社拠点名", "Head-office site", _text(Site, "name"),
            help=_("Name of the head-office site; blank means 本社."), example="本社工場",
        ),
        Column(
            "hq_postal_code", "本社郵便番号", "Head-office postal code", postal_code,
            help=_("Postal code of the head office, e.g. 373-0851."), example="373-0851",
            as_text=True,
        ),
        Column(
            "hq_municipality", "本社市区町村", "Head-office municipality", municipality,
            help=MUNICIPALITY_HELP, example="10205", as_text=True,
        ),
        Column(
            "hq_address", "本社住所", "Head-office address", _text(Site, "address"),
            help=_(
                "Head-office address. Needed when there is no corporate number: the firm is "
                "then identified by its name and this address."
            ),
            example="群馬県太田市飯田町1-1",
        ),
    ),
)  # fmt: skip

SITES = SheetSpec(
    key="sites", name_ja="拠点", name_en="Sites",
    aliases=("事業所", "工場", "site"),
    help=_("Factories, offices and warehouses besides the head office; one row per site."),
    one_of=(("corporate_number", "firm_name"),),
    columns=(
        *_firm_reference(),
        Column(
            "name", "拠点名", "Site", _text(Site, "name"), required=True,
            help=_("Site name, e.g. 第二工場. The firm's site with the same name is updated."),
            example="第二工場",
        ),
        Column(
            "postal_code", "郵便番号", "Postal code", postal_code,
            help=_("Postal code, e.g. 373-0851."), example="373-0015", as_text=True,
        ),
        Column(
            "municipality", "市区町村", "Municipality", municipality,
            help=MUNICIPALITY_HELP, example="太田市", as_text=True,
        ),
        Column(
            "address", "住所", "Address", _text(Site, "address"), required=True,
            help=_("Address of the site."), example="群馬県太田市新田町2-3",
        ),
        Column(
            "latitude", "緯度", "Latitude", cells.floating(min_value=20.0, max_value=46.0),
            help=_("Latitude in degrees (optional; the municipality's position is used otherwise)."),
            example="36.3012",
        ),
        Column(
            "longitude", "経度", "Longitude", cells.floating(min_value=122.0, max_value=154.0),
            help=_("Longitude in degrees (optional)."), example="139.3801",
        ),
        Column(
            "hazard_zones", "災害リスク区域", "Hazard zones", cells.list_of(hazard_parser),
            help=_(
                "Hazard-map zones the site lies in, separated by 、: 洪水, 土砂災害, 津波, "
                "液状化, 火山灰, 高潮."
            ),
            example="洪水、液状化",
        ),
    ),
)  # fmt: skip

CAPABILITIES = SheetSpec(
    key="capabilities", name_ja="加工能力", name_en="Capabilities",
    aliases=("能力", "capability"),
    help=_("One row per site and process."),
    one_of=(("corporate_number", "firm_name"),),
    columns=(
        *_firm_reference(),
        _site_reference(),
        Column(
            "process", "工程", "Process", cells.text(), required=True,
            help=_("Process name or code from the process list, e.g. マシニング加工."),
            example="マシニング加工",
        ),
        Column(
            "materials", "材質", "Materials", cells.list_of(cells.text()),
            help=_("Materials separated by 、 or ;, e.g. SUS304、A5052."),
            example="SUS304、A5052",
        ),
        Column(
            "tolerance_mm", "公差(±mm)", "Tolerance (± mm)",
            cells.decimal(min_value=0, max_digits=8, decimal_places=4, units=("mm",)),
            help=_("Achievable tolerance in ± mm, e.g. 0.01."), example="0.01",
        ),
        Column(
            "max_length_mm", "最大長さ(mm)", "Max. length (mm)",
            cells.integer(min_value=0, units=("mm",)),
            help=_("Longest workpiece in mm."), example="600",
        ),
        Column(
            "max_width_mm", "最大幅(mm)", "Max. width (mm)",
            cells.integer(min_value=0, units=("mm",)),
            help=_("Widest workpiece in mm."), example="400",
        ),
        Column(
            "max_height_mm", "最大高さ(mm)", "Max. height (mm)",
            cells.integer(min_value=0, units=("mm",)),
            help=_("Tallest workpiece in mm."), example="300",
        ),
        Column(
            "max_weight_kg", "最大重量(kg)", "Max. weight (kg)",
            cells.decimal(min_value=0, max_digits=10, decimal_places=2, units=("kg",)),
            help=_("Heaviest workpiece in kg."), example="50",
        ),
        Column(
            "lot_min", "最小ロット", "Min. lot", cells.integer(min_value=0, units=("個",)),
            help=_("Smallest lot accepted (1 when left blank on a new row)."), example="1",
        ),
        Column(
            "lot_max", "最大ロット", "Max. lot", cells.integer(min_value=0, units=("個",)),
            help=_("Largest lot; not below the min. lot."), example="5000",
        ),
        Column(
            "monthly_capacity_hours", "月間能力(時間)", "Monthly capacity (hours)",
            cells.decimal(min_value=0, max_digits=8, decimal_places=1, units=("時間", "h")),
            required=True,
            help=_("Machine hours available per month."), example="400",
        ),
        Column(
            "current_load_hours", "現在の負荷(時間)", "Current load (hours)",
            cells.decimal(min_value=0, max_digits=8, decimal_places=1, units=("時間", "h")),
            help=_("Hours already booked this month."), example="280",
        ),
        Column(
            "notes", "備考", "Notes", cells.text(multiline=True),
            help=_("Anything else a buyer should know."), example="夜間稼働あり",
        ),
    ),
)  # fmt: skip

EQUIPMENT = SheetSpec(
    key="equipment", name_ja="設備", name_en="Equipment",
    aliases=("設備一覧", "machines"),
    help=_("One row per kind of machine at a site."),
    one_of=(("corporate_number", "firm_name"),),
    columns=(
        *_firm_reference(),
        _site_reference(),
        Column(
            "name", "設備名", "Machine", _text(Equipment, "name"), required=True,
            help=_(
                "Machine, e.g. 立形マシニングセンタ. The same machine name and model at a site "
                "is updated."
            ),
            example="立形マシニングセンタ",
        ),
        Column(
            "process", "工程", "Process", cells.text(),
            help=_("Process the machine serves (optional)."), example="マシニング加工",
        ),
        Column(
            "maker", "メーカー", "Maker", _text(Equipment, "maker"),
            help=_("Maker."), example="オークマ",
        ),
        Column(
            "model_number", "型式", "Model", _text(Equipment, "model_number"),
            help=_("Model number."), example="MB-46VA", as_text=True,
        ),
        Column(
            "year", "導入年", "Year installed",
            cells.integer(min_value=1900, max_value=2100, units=("年",)),
            help=_("Year installed."), example="2018",
        ),
        Column(
            "count", "台数", "Count", cells.integer(min_value=1, units=("台",)),
            help=_("Number of machines (1 when left blank on a new row)."), example="2",
        ),
    ),
)  # fmt: skip

CONTACTS = SheetSpec(
    key="contacts", name_ja="連絡先", name_en="Contacts",
    aliases=("担当者", "contact"),
    help=_("One row per person."),
    one_of=(("corporate_number", "firm_name"),),
    columns=(
        *_firm_reference(),
        Column(
            "name", "氏名", "Name", _text(Contact, "name"), required=True,
            help=_("Full name. The firm's contact with the same name is updated."),
            example="山田 太郎",
        ),
        Column(
            "department", "部署", "Department", _text(Contact, "department"),
            help=_("Department."), example="製造部",
        ),
        Column(
            "title", "役職", "Title", _text(Contact, "title"),
            help=_("Job title."), example="工場長",
        ),
        Column(
            "phone", "電話番号", "Phone", _text(Contact, "phone"),
            help=_("Phone number."), example="0276-00-1234", as_text=True,
        ),
        Column(
            "email", "メールアドレス", "E-mail", cells.email(),
            help=_("E-mail address."), example="yamada@example.co.jp",
        ),
        Column(
            "emergency_role", "緊急時の役割", "Emergency role", role_parser,
            help=_(
                "Role in the emergency contact tree: 緊急連絡先(正), 緊急連絡先(副), BCP責任者, "
                "安全管理者 or なし."
            ),
            example="緊急連絡先(正)", options=role_shown,
        ),
        Column(
            "emergency_order", "緊急連絡の順番", "Emergency order",
            cells.integer(min_value=0, max_value=32767),
            help=_("Order in the emergency contact tree (1 = called first)."), example="1",
        ),
        Column(
            "visibility", "公開範囲", "Visibility", visibility_parser,
            help=_("Who may see the contact: 自社のみ (the default), クラスター内 or 公開."),
            example="クラスター内", options=visibility_shown,
        ),
    ),
)  # fmt: skip

SHEETS: tuple[SheetSpec, ...] = (FIRMS, SITES, CAPABILITIES, EQUIPMENT, CONTACTS)
SHEETS_BY_KEY = {spec.key: spec for spec in SHEETS}

# Model fields written from each sheet (the other columns are references, resolved separately).
FIRM_FIELDS = (
    "corporate_number", "name", "name_kana", "name_en", "kind", "industry", "capital_jpy",
    "employees", "founded_year", "website", "description", "listed_in_directory",
)  # fmt: skip
SITE_FIELDS = ("name", "postal_code", "address", "latitude", "longitude", "hazard_zones")
CAPABILITY_FIELDS = tuple(
    f.name
    for f in Capability._meta.concrete_fields
    if f.name not in {"id", "site", "process", "created_at", "updated_at"}
)
EQUIPMENT_FIELDS = ("name", "maker", "model_number", "year", "count")
CONTACT_FIELDS = (
    "name", "department", "title", "phone", "email", "emergency_role", "emergency_order",
    "visibility",
)  # fmt: skip
