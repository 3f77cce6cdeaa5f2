"""The fixed cast around the member firms: buyers, the coordinating support centre, the
municipality, a university and a public research institute. All fictional, in real towns.

Their facts are fixed; only the people in them are drawn from the seed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from renkei.demo.common import (
    corporate_number,
    local_government_number,
    person,
    site_in,
    town_named,
)
from renkei.demo.plans import (
    CertificationPlan,
    ContactPlan,
    DemoContext,
    EquipmentPlan,
    OrgPlan,
)
from renkei.demo.region import AREAS_BY_CODE, landline, mobile


class Institution(NamedTuple):
    key: str
    kind: str
    name: str
    kana: str
    english: str
    slug: str
    employees: int
    capital_jpy: int | None
    founded: int
    sites: tuple[tuple[str, str, str], ...]  # (site name, JIS code, town)
    description: str
    contacts: tuple[tuple[str, str], ...]  # (department, title); the first one logs in
    certifications: tuple[str, ...] = ()


BUYERS: list[Institution] = [
    Institution(
        "b01",
        "buyer",
        "上毛自動車株式会社",
        "ジョウモウジドウシャ",
        "Jomo Motor Corporation",
        "jomo-motor",
        14800,
        120_000_000_000,
        1953,
        (("本社工場", "10205", "東本町"), ("大泉工場", "10524", "坂田")),
        "乗用車メーカー。太田市の本社工場と大泉工場で車両とエンジンを生産しています。",
        (
            ("調達本部 部品調達部", "課長"),
            ("品質保証本部 サプライヤー品質課", "主任"),
            ("調達本部 BCP推進室", "室長"),
        ),
        ("iso9001", "iso14001", "iatf16949", "iso45001"),
    ),
    Institution(
        "b02",
        "buyer",
        "赤城オートパーツ株式会社",
        "アカギオートパーツ",
        "Akagi Auto Parts Co., Ltd.",
        "akagi-autoparts",
        2300,
        4_800_000_000,
        1961,
        (("伊勢崎工場", "10204", "三光町"), ("玉村工場", "10464", "上新田")),
        "自動車のボディ部品・シートフレームを手掛けるティア1サプライヤー。",
        (("購買部 購買課", "係長"), ("品質保証部", "課長")),
        ("iso9001", "iso14001", "iatf16949"),
    ),
    Institution(
        "b03",
        "buyer",
        "利根電機株式会社",
        "トネデンキ",
        "Tone Electric Co., Ltd.",
        "tone-electric",
        3100,
        9_500_000_000,
        1959,
        (("大泉事業所", "10524", "仙石"),),
        "業務用冷凍冷蔵機器・コンプレッサー・モーターの電機メーカー。",
        (("資材部 調達課", "課長"), ("品質管理部", "主任")),
        ("iso9001", "iso14001", "iso45001"),
    ),
    Institution(
        "b04",
        "buyer",
        "北関東工作機械株式会社",
        "キタカントウコウサクキカイ",
        "Kita-Kanto Machine Tool Co., Ltd.",
        "kitakanto-machinetool",
        950,
        2_100_000_000,
        1948,
        (("本社工場", "10202", "八幡原町"),),
        "マシニングセンタ・研削盤の産業機械メーカー。精密部品の外注先を地域に多く持ちます。",
        (("生産本部 購買課", "課長"), ("品質保証課", "係長")),
        ("iso9001", "iso14001"),
    ),
    Institution(
        "b05",
        "buyer",
        "上州メディカル株式会社",
        "ジョウシュウメディカル",
        "Joshu Medical Corporation",
        "joshu-medical",
        620,
        1_500_000_000,
        1972,
        (("前橋工場", "10201", "鳥羽町"),),
        "輸液ポンプ・検体検査装置などの医療機器メーカー。",
        (("購買部", "主任"), ("品質保証部 QMS推進課", "課長")),
        ("iso9001", "iso13485", "iso14001"),
    ),
    Institution(
        "b06",
        "buyer",
        "館林フードマシナリー株式会社",
        "タテバヤシフードマシナリー",
        "Tatebayashi Food Machinery Co., Ltd.",
        "tatebayashi-foodmachinery",
        410,
        450_000_000,
        1965,
        (("本社工場", "10207", "富士原町"),),
        "製麺機・製粉設備・食品包装機の食品機械メーカー。ステンレス板金・溶接部品を地域から調達しています。",
        (("資材課", "課長"), ("技術部", "係長")),
        ("iso9001",),
    ),
]

SUPPORT = Institution(
    "support",
    "support",
    "一般財団法人東毛産業支援センター",
    "トウモウサンギョウシエンセンター",
    "Tomo Industrial Support Center",
    "tomo-sangyo",
    18,
    None,
    1998,
    (("センター本部", "10205", "浜町"),),
    "東毛地域の中小製造業を支援する産業支援機関。受発注のあっせん、企業間連携、BCP策定、人材育成を担うクラスターの事務局です。",
    (("連携推進課", "コーディネーター"), ("事務局", "事務局長"), ("連携推進課", "主任")),
)

MUNICIPALITY = Institution(
    "municipality",
    "municipality",
    "太田市 産業振興部 ものづくり推進課",
    "オオタシ サンギョウシンコウブ モノヅクリスイシンカ",
    "Ota City, Manufacturing Promotion Division",
    "city-ota",
    24,
    None,
    1948,
    (("太田市役所", "10205", "浜町"),),
    "太田市のものづくり振興担当課。補助金・助成金、企業立地、産学官連携を所管します。",
    (("ものづくり推進課", "係長"), ("ものづくり推進課", "課長")),
)

RESEARCH: list[Institution] = [
    Institution(
        "university",
        "research",
        "国立大学法人上州工業大学 ものづくり連携センター",
        "ジョウシュウコウギョウダイガク",
        "Joshu Institute of Technology, Manufacturing Collaboration Center",
        "joshu-tech",
        85,
        None,
        1949,
        (("桐生キャンパス", "10203", "本町"),),
        "材料・精密加工・生産システムの研究室による共同研究と技術相談、人材育成講座。",
        (("産学連携推進室", "准教授"), ("産学連携推進室", "コーディネーター")),
    ),
    Institution(
        "institute",
        "research",
        "北関東産業技術研究所",
        "キタカントウサンギョウギジュツケンキュウショ",
        "Kita-Kanto Industrial Technology Institute",
        "kitakanto-iti",
        60,
        None,
        1968,
        (("本所", "10201", "亀里町"),),
        "公設試験研究機関。依頼試験・機器開放(三次元測定、X線CT、金属3Dプリンタ)と技術支援。",
        (("技術支援係", "主任研究員"), ("企画管理係", "係長")),
    ),
]

# The instruments a public research institute opens to the member firms (機器開放).
OPEN_LAB = [
    EquipmentPlan("cmm", "三次元測定機", "カールツァイス", "ACCURA", 2019, 1),
    EquipmentPlan("ndt", "X線CT装置", "島津製作所", "inspeXio SMX-225CT", 2021, 1),
    EquipmentPlan("additive", "金属3Dプリンタ", "EOS", "M 290", 2020, 1),
    EquipmentPlan("inspection", "走査電子顕微鏡", "日本電子", "JSM-IT510", 2018, 1),
    EquipmentPlan("inspection", "万能試験機", "島津製作所", "AGX-V 100kN", 2017, 1),
]

ISSUER = ("日本品質保証機構(JQA)", "JQA")
CODES = {"iso9001": "QMA", "iso14001": "EM", "iatf16949": "AU", "iso13485": "MD", "iso45001": "OH"}


def plan_institutions(ctx: DemoContext) -> list[OrgPlan]:
    return [_plan(ctx, inst) for inst in [*BUYERS, SUPPORT, MUNICIPALITY, *RESEARCH]]


def _plan(ctx: DemoContext, inst: Institution) -> OrgPlan:
    rng = ctx.rng("institution", inst.key)
    home = inst.sites[0][1]
    area = AREAS_BY_CODE[home]
    if inst.kind == "municipality":
        number = local_government_number(home)
    else:
        number = corporate_number(
            ctx, rng, area.registry_office, "01" if inst.kind == "buyer" else "05"
        )
    ctx.used_slugs.add(inst.slug)
    plan = OrgPlan(
        key=inst.key,
        kind=inst.kind,
        name=inst.name,
        name_kana=inst.kana,
        name_en=inst.english,
        corporate_number=number,
        capital_jpy=inst.capital_jpy,
        employees=inst.employees,
        founded_year=inst.founded,
        description=inst.description,
        website=f"https://www.{inst.slug}.example.jp/",
        listed_in_directory=True,
    )
    for i, (site_name, code, town) in enumerate(inst.sites):
        plan.sites.append(
            site_in(rng, code, name=site_name, headquarters=i == 0, town=town_named(code, town))
        )
    if inst.key == "institute":
        plan.sites[0].equipment = list(OPEN_LAB)
    main_line = landline(area, rng)
    for i, (department, title) in enumerate(inst.contacts):
        who = person(rng, female_share=0.3)
        emergency, order = ("primary", 1) if i == 0 else ("deputy", 2) if i == 1 else ("", None)
        plan.contacts.append(
            ContactPlan(
                person=who,
                department=department,
                title=title,
                phone=main_line if i == 0 else mobile(rng),
                email=f"{who.given.romaji[0]}.{who.surname.romaji}@{inst.slug}.example.jp",
                emergency_role=emergency,
                emergency_order=order,
                # Buyers and the support centre want to be reached: their first contact is public.
                visibility="public" if i == 0 else "cluster",
            )
        )
    plan.login = plan.contacts[0]
    for kind in inst.certifications:
        plan.certifications.append(
            CertificationPlan(
                kind,
                f"{ISSUER[1]}-{CODES[kind]}{rng.randint(1000, 99999):05d}",
                ISSUER[0],
                ctx.today + timedelta(days=rng.randint(200, 1000)),
            )
        )
    return plan
