"""The trades of the demo firms: which processes go together, on which materials, how precise.

A firm has one specialty (a press shop, a machining shop, a plating shop …). The specialty
names its core processes (always present) and the optional ones that shops of that kind often
add (a press shop often makes its own dies and spot-welds its stampings). Each process has a
profile: the materials it works, the tolerance it holds, its lot range and size envelope, and
how many machine hours one worker's hour stands for (one operator tends several moulding
machines; a furnace runs through the night).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from renkei.demo.names import Word, w


class Profile(NamedTuple):
    materials: tuple[str, ...]
    tolerance: tuple[float, float] | None  # ± mm, best and worst of the trade
    lot_min: tuple[int, int]
    lot_max: tuple[int, int] | None  # None: no upper limit stated
    length: tuple[int, int] | None  # max. length of a part, mm
    weight: tuple[float, float] | None  # max. weight of a part, kg
    machine_factor: float = 1.0  # capacity hours per worker hour


# process | materials ("steel" etc. expand below) | tolerance ± mm best-worst | min. lot | max. lot
# | max. length mm | max. weight kg | machine hours per worker hour ("-": not stated)
PROFILE_TABLE = """
turning             | steel c3604 a5052                    | 0.01-0.03   | 1-5       | 100-1000       | 300-1500  | 5-200     | 1.0
cnc-turning         | steel c3604 a5052 a6061              | 0.005-0.02  | 1-50      | 1000-50000     | 150-800   | 1-100     | 1.4
machining-center    | steel a5052 a6061 a7075 fc250 fcd450 adc12 pom | 0.005-0.02 | 1-10 | 100-10000 | 400-2000 | 20-2000 | 1.3
five-axis           | a7075 a6061 titanium sus304 inconel s45c peek | 0.003-0.01 | 1-1 | 10-500      | 300-800   | 5-300     | 1.5
milling             | ss400 s45c a5052 fc250               | 0.02-0.05   | 1-1       | 10-200         | 500-1500  | 10-500    | 1.0
grinding            | s45c scm435 skd11 sus304             | 0.001-0.005 | 1-10      | 100-5000       | 200-1000  | 1-300     | 1.2
drilling            | ss400 s45c a5052 spcc                | 0.05-0.1    | 1-100     | 1000-20000     | 300-1000  | 1-100     | 1.0
honing              | fc250 scm435 s45c                    | 0.002-0.005 | 10-100    | 1000-50000     | 100-500   | 1-30      | 1.3
gear-cutting        | s45c scm435                          | 0.005-0.015 | 1-50      | 100-10000      | 100-600   | 1-100     | 1.5
wire-edm            | skd11 s45c sus304 titanium           | 0.002-0.005 | 1-1       | 10-500         | 300-600   | 50-500    | 2.5
sinker-edm          | skd11 c1100                          | 0.005-0.01  | 1-1       | 5-100          | 300-800   | 50-1000   | 2.0
pressing            | sheet c1100                          | 0.05-0.1    | 300-2000  | 50000-500000   | 200-1500  | 0.1-20    | 1.6
deep-drawing        | spcc sus304 a5052                    | 0.05-0.1    | 500-3000  | 50000-300000   | 100-500   | 0.1-5     | 1.5
sheet-metal         | sheet ss400                          | 0.1-0.2     | 1-10      | 100-5000       | 1000-3000 | 10-500    | 1.0
bending             | sheet ss400                          | 0.1-0.3     | 1-10      | 100-5000       | 1000-4000 | 10-500    | 1.0
laser-cutting       | spcc sphc ss400 sus304 a5052         | 0.05-0.1    | 1-1       | 100-10000      | 2000-4000 | 50-1000   | 2.0
turret-punching     | spcc secc sus304 a5052               | 0.05-0.1    | 1-1       | 500-10000      | 2000-3000 | 20-150    | 1.8
pipe-bending        | ss400 sus304 a6061 c1100             | 0.3-0.5     | 10-100    | 1000-50000     | 1000-6000 | 1-50      | 1.0
thread-rolling      | s45c scm435 sus304                   | 0.01-0.03   | 1000-5000 | 100000-1000000 | 50-300    | 0.01-2    | 2.5
forging             | s45c scm435 sus304 a6061 c3604       | 0.5-1.0     | 500-2000  | 10000-200000   | 100-600   | 0.5-50    | 1.5
spinning            | spcc sus304 a5052 c1100              | 0.2-0.5     | 1-1       | 50-2000        | 100-1500  | 1-50      | 1.0
welding             | ss400 spcc sus304 a5052              | 0.5-1.0     | 1-1       | 10-2000        | 1000-6000 | 100-5000  | 1.0
tig-welding         | sus304 sus316 a5052 titanium         | 0.3-0.5     | 1-1       | 10-1000        | 500-3000  | 10-1000   | 1.0
laser-welding       | sus304 spcc a5052 c1100              | 0.05-0.1    | 1-100     | 1000-50000     | 200-1000  | 1-50      | 1.8
spot-welding        | spcc sphc secc                       | 0.3-0.5     | 100-500   | 10000-200000   | 300-1500  | 1-30      | 1.4
robot-welding       | ss400 spcc sphc sus304               | 0.3-0.5     | 10-100    | 5000-100000    | 500-2000  | 5-200     | 2.0
brazing             | c1100 sus304 a5052                   | 0.2-0.5     | 50-500    | 5000-100000    | 100-800   | 0.1-20    | 2.0
casting             | fc250 fcd450                         | 0.5-1.5     | 1-50      | 500-20000      | 200-2000  | 1-3000    | 1.3
die-casting         | adc12                                | 0.1-0.2     | 500-2000  | 50000-500000   | 100-800   | 0.1-20    | 2.0
investment-casting  | sus304 scm435 titanium inconel       | 0.1-0.3     | 10-100    | 1000-20000     | 20-300    | 0.01-10   | 1.5
injection-moulding  | resin peek                           | 0.02-0.05   | 1000-5000 | 100000-1000000 | 20-600    | 0.01-3    | 2.8
blow-moulding       | pp pc                                | 0.2-0.5     | 1000-5000 | 50000-500000   | 100-1000  | 0.05-5    | 2.5
extrusion           | pp abs pa66 nbr a6061                | 0.1-0.3     | 100-1000  | 10000-200000   | 1000-6000 | 1-50      | 2.5
rubber-moulding     | nbr                                  | 0.05-0.2    | 500-3000  | 50000-500000   | 10-500    | 0.01-5    | 2.0
additive            | pa66 abs titanium a6061 sus316       | 0.05-0.2    | 1-1       | 1-100          | 200-400   | 0.1-10    | 3.0
plating             | spcc ss400 s45c c3604 c1100 sus304   | -           | 100-1000  | 100000-1000000 | 300-2000  | 0.01-100  | 2.5
painting            | spcc secc ss400 a5052 abs            | -           | 10-100    | 10000-100000   | 500-3000  | 1-500     | 1.5
anodizing           | a5052 a6061 a7075 adc12              | -           | 50-500    | 10000-200000   | 300-2500  | 0.01-50   | 2.0
chemical-conversion | spcc sphc ss400 secc                 | -           | 100-1000  | 50000-500000   | 300-2000  | 0.01-100  | 2.5
shot-blasting       | fc250 fcd450 ss400 s45c adc12        | -           | 10-100    | 10000-200000   | 300-2000  | 1-1000    | 1.5
polishing           | sus304 c3604 a5052 c1100             | -           | 1-10      | 1000-100000    | 50-1000   | 0.01-50   | 1.5
heat-treatment      | s45c scm435 skd11 sus304 fcd450      | -           | 1-100     | 10000-500000   | 300-1500  | 1-1000    | 3.0
quenching           | s45c scm435 skd11                    | -           | 1-100     | 10000-500000   | 200-1200  | 0.1-500   | 2.5
carburizing         | scm435 s45c                          | -           | 100-1000  | 10000-500000   | 200-1000  | 0.1-300   | 3.0
nitriding           | scm435 skd11 sus304                  | -           | 10-100    | 1000-200000    | 200-1000  | 0.1-300   | 3.0
assembly            |                                      | -           | 1-100     | 100-50000      | -         | -         | 1.0
pcb-assembly        | fr4                                  | -           | 1-50      | 1000-100000    | 250-510   | -         | 2.0
wire-harness        | c1100                                | -           | 10-100    | 1000-50000     | -         | -         | 1.0
control-panel       | spcc secc                            | -           | 1-1       | 1-50           | 600-2400  | 50-800    | 1.0
die-making          | skd11 s45c                           | 0.005-0.01  | 1-1       | 1-5            | 500-2500  | 100-10000 | 1.3
press-die           | skd11 s45c                           | 0.005-0.01  | 1-1       | 1-3            | 500-3000  | 100-15000 | 1.3
mould-making        | skd11 s45c                           | 0.003-0.01  | 1-1       | 1-3            | 300-1500  | 50-5000   | 1.3
jig-making          | s45c ss400 a5052 pom                 | 0.01-0.02   | 1-1       | 1-50           | 300-2000  | 5-500     | 1.0
inspection          |                                      | -           | 1-1       | 100-100000     | -         | -         | 1.0
cmm                 |                                      | 0.001-0.003 | 1-1       | 1-1000         | 500-2000  | 50-1000   | 1.0
ndt                 |                                      | -           | 1-1       | 10-10000       | 200-2000  | 1-500     | 1.0
design              |                                      | -           | 1-1       | -              | -         | -         | 1.0
"""

MATERIAL_GROUPS: dict[str, str] = {
    "steel": "ss400 s45c scm435 sus304",
    "sheet": "spcc sphc secc sus304 a5052",
    "resin": "pa66 pom pc abs pp",
}


def _span(text: str, kind: type) -> tuple[Any, Any] | None:
    if text == "-":
        return None
    low, high = text.split("-")
    return (kind(low), kind(high))


def _parse_profiles(table: str) -> dict[str, Profile]:
    profiles: dict[str, Profile] = {}
    for line in table.strip().splitlines():
        code, mats, tol, lot_min, lot_max, length, weight, factor = (
            c.strip() for c in line.split("|")
        )
        materials: list[str] = []
        for token in mats.split():
            materials.extend(MATERIAL_GROUPS.get(token, token).split())
        profiles[code] = Profile(
            materials=tuple(dict.fromkeys(materials)),
            tolerance=_span(tol, float),
            lot_min=_span(lot_min, int) or (1, 1),
            lot_max=_span(lot_max, int),
            length=_span(length, int),
            weight=_span(weight, float),
            machine_factor=float(factor),
        )
    return profiles


PROFILES: dict[str, Profile] = _parse_profiles(PROFILE_TABLE)

# Processes that support the trade (quality, design) rather than carry the volume.
SUPPORT_PROCESSES = frozenset({"inspection", "cmm", "ndt", "design"})


class Specialty(NamedTuple):
    code: str
    label: str  # 日本語, used in the description
    weight: float  # share among member firms
    core: tuple[str, ...]
    optional: tuple[tuple[str, float], ...]  # (process, probability)
    words: tuple[Word, ...]  # trade words of firm names (精機, プレス工業 …)
    markets: tuple[str, ...]
    size: float = 1.0  # headcount multiplier against the regional average
    automotive: bool = False  # supplies car makers: IATF 16949 is usual


def s(
    code: str,
    label: str,
    weight: float,
    core: str,
    optional: str,
    words: list[Word],
    markets: str,
    size: float = 1.0,
    automotive: bool = False,
) -> Specialty:
    opts = tuple((name, float(prob)) for name, prob in (o.split("=") for o in optional.split()))
    return Specialty(
        code,
        label,
        weight,
        tuple(core.split()),
        opts,
        tuple(words),
        tuple(markets.split()),
        size,
        automotive,
    )


KOGYO = w("工業", "コウギョウ", "Kogyo")
SEISAKUSHO = w("製作所", "セイサクショ", "Seisakusho")

SPECIALTIES: list[Specialty] = [
    s(
        "machining",
        "精密切削加工",
        26,
        "cnc-turning machining-center",
        "turning=.45 milling=.35 grinding=.35 drilling=.4 five-axis=.15 inspection=.5 cmm=.25 jig-making=.15 wire-edm=.1",
        [
            w("精機", "セイキ", "Seiki"),
            w("精工", "セイコウ", "Seiko"),
            SEISAKUSHO,
            w("機工", "キコウ", "Kiko"),
            w("精密工業", "セイミツコウギョウ", "Seimitsu Kogyo"),
            KOGYO,
            w("テクノ", "テクノ", "Techno"),
        ],
        "自動車 産業機械 半導体製造装置 医療機器",
        automotive=True,
    ),
    s(
        "gear",
        "歯車・精密研削",
        3,
        "gear-cutting grinding cnc-turning",
        "honing=.4 heat-treatment=.2 inspection=.6 cmm=.3",
        [
            w("歯車工業", "ハグルマコウギョウ", "Haguruma Kogyo"),
            w("ギヤー", "ギヤー", "Gear"),
            w("精機", "セイキ", "Seiki"),
        ],
        "自動車 産業機械 建設機械",
        1.3,
        True,
    ),
    s(
        "press",
        "プレス加工",
        14,
        "pressing",
        "press-die=.5 deep-drawing=.25 spot-welding=.35 welding=.3 robot-welding=.2 drilling=.2 assembly=.3 inspection=.3",
        [
            w("プレス工業", "プレスコウギョウ", "Press Kogyo"),
            w("金属工業", "キンゾクコウギョウ", "Kinzoku Kogyo"),
            SEISAKUSHO,
            KOGYO,
            w("プレス", "プレス", "Press"),
        ],
        "自動車 家電 住宅設備",
        1.3,
        True,
    ),
    s(
        "sheet-metal",
        "精密板金",
        10,
        "sheet-metal bending laser-cutting",
        "turret-punching=.5 welding=.7 tig-welding=.4 spot-welding=.3 painting=.25 assembly=.3",
        [
            w("板金", "バンキン", "Bankin"),
            w("板金工業", "バンキンコウギョウ", "Bankin Kogyo"),
            SEISAKUSHO,
            KOGYO,
            w("メタルワークス", "メタルワークス", "Metal Works"),
        ],
        "産業機械 半導体製造装置 食品機械 医療機器",
    ),
    s(
        "welding",
        "製缶・溶接",
        6,
        "welding tig-welding",
        "robot-welding=.4 laser-welding=.15 sheet-metal=.3 machining-center=.3 pipe-bending=.2 brazing=.15 painting=.2",
        [
            w("鉄工所", "テッコウショ", "Tekkosho"),
            w("溶接工業", "ヨウセツコウギョウ", "Yosetsu Kogyo"),
            SEISAKUSHO,
            KOGYO,
        ],
        "産業機械 建設機械 食品機械",
    ),
    s(
        "plating",
        "めっき・表面処理",
        5,
        "plating",
        "chemical-conversion=.4 polishing=.3 anodizing=.25 inspection=.3",
        [
            w("鍍金工業", "メッキコウギョウ", "Mekki Kogyo"),
            w("メッキ", "メッキ", "Mekki"),
            w("表面処理", "ヒョウメンショリ", "Surface Finishing"),
            w("化学工業", "カガクコウギョウ", "Kagaku Kogyo"),
        ],
        "自動車 電子部品 産業機械",
        1.2,
        True,
    ),
    s(
        "painting",
        "塗装",
        3,
        "painting",
        "shot-blasting=.4 chemical-conversion=.4 assembly=.2",
        [
            w("塗装", "トソウ", "Toso"),
            w("塗装工業", "トソウコウギョウ", "Toso Kogyo"),
            w("ペイント", "ペイント", "Paint"),
        ],
        "自動車 産業機械 家電",
        automotive=True,
    ),
    s(
        "heat",
        "熱処理",
        3,
        "heat-treatment quenching",
        "carburizing=.5 nitriding=.4 shot-blasting=.3 inspection=.4",
        [
            w("熱処理工業", "ネツショリコウギョウ", "Netsushori Kogyo"),
            w("熱錬", "ネツレン", "Netsuren"),
            w("ヒートテック", "ヒートテック", "Heat Tech"),
        ],
        "自動車 建設機械 工具",
        1.2,
        True,
    ),
    s(
        "casting",
        "鋳造",
        3,
        "casting",
        "machining-center=.4 shot-blasting=.5 inspection=.3 investment-casting=.15",
        [
            w("鋳造所", "チュウゾウショ", "Chuzosho"),
            w("鋳工", "チュウコウ", "Chuko"),
            w("鋳造", "チュウゾウ", "Chuzo"),
        ],
        "産業機械 建設機械 自動車",
        1.6,
    ),
    s(
        "die-casting",
        "アルミダイカスト",
        3,
        "die-casting",
        "machining-center=.5 shot-blasting=.3 mould-making=.2 inspection=.4",
        [
            w("ダイカスト工業", "ダイカストコウギョウ", "Die Casting"),
            w("軽合金", "ケイゴウキン", "Keigokin"),
        ],
        "自動車 二輪車 家電",
        1.8,
        True,
    ),
    s(
        "moulding",
        "プラスチック射出成形",
        8,
        "injection-moulding",
        "mould-making=.35 assembly=.4 painting=.15 blow-moulding=.1 inspection=.3",
        [
            w("化成", "カセイ", "Kasei"),
            w("樹脂工業", "ジュシコウギョウ", "Jushi Kogyo"),
            w("プラスチック", "プラスチック", "Plastics"),
            w("成形", "セイケイ", "Seikei"),
        ],
        "自動車 家電 医療機器 日用品",
        1.4,
        True,
    ),
    s(
        "rubber",
        "ゴム成形",
        2,
        "rubber-moulding",
        "extrusion=.3 inspection=.4",
        [w("ゴム工業", "ゴムコウギョウ", "Gomu Kogyo"), w("ゴム", "ゴム", "Rubber")],
        "自動車 産業機械",
        1.3,
        True,
    ),
    s(
        "tooling",
        "金型製作",
        6,
        "die-making",
        "press-die=.5 mould-making=.5 wire-edm=.7 sinker-edm=.6 machining-center=.8 grinding=.5 five-axis=.2 cmm=.3 design=.4",
        [
            w("金型製作所", "カナガタセイサクショ", "Kanagata Seisakusho"),
            w("モールド", "モールド", "Mold"),
            w("金型", "カナガタ", "Kanagata"),
            w("ダイス", "ダイス", "Dies"),
        ],
        "自動車 家電 医療機器",
    ),
    s(
        "electronics",
        "電子基板実装",
        6,
        "pcb-assembly",
        "wire-harness=.35 assembly=.6 inspection=.6 control-panel=.2 design=.3",
        [
            w("電子", "デンシ", "Denshi"),
            w("電子工業", "デンシコウギョウ", "Denshi Kogyo"),
            w("エレクトロニクス", "エレクトロニクス", "Electronics"),
            w("電機", "デンキ", "Denki"),
        ],
        "産業機械 医療機器 家電 自動車",
        1.3,
    ),
    s(
        "harness",
        "ワイヤーハーネス",
        2,
        "wire-harness",
        "assembly=.5 inspection=.4 pcb-assembly=.1",
        [w("電装", "デンソウ", "Denso"), w("電線加工", "デンセンカコウ", "Densen Kako")],
        "自動車 家電 産業機械",
        1.3,
        True,
    ),
    s(
        "control-panel",
        "制御盤・装置組立",
        4,
        "control-panel assembly",
        "design=.6 sheet-metal=.3 wire-harness=.4 pcb-assembly=.2 painting=.15",
        [
            w("電機", "デンキ", "Denki"),
            w("制御", "セイギョ", "Seigyo"),
            w("システム", "システム", "Systems"),
            w("機械", "キカイ", "Kikai"),
        ],
        "産業機械 食品機械 上下水道",
    ),
    s(
        "forging",
        "鍛造",
        2,
        "forging",
        "machining-center=.3 cnc-turning=.3 heat-treatment=.4 shot-blasting=.3 thread-rolling=.2",
        [w("鍛工", "タンコウ", "Tanko"), w("鍛造", "タンゾウ", "Tanzo")],
        "自動車 建設機械",
        1.6,
        True,
    ),
    s(
        "fastener",
        "ねじ・精密部品",
        2,
        "thread-rolling cnc-turning",
        "drilling=.3 heat-treatment=.2 inspection=.4",
        [
            w("螺子", "ネジ", "Neji"),
            w("精密", "セイミツ", "Seimitsu"),
            w("鋲螺", "ビョウラ", "Byora"),
        ],
        "自動車 家電 建材",
        1.0,
        True,
    ),
    s(
        "tube",
        "パイプ加工",
        2,
        "pipe-bending",
        "spinning=.3 welding=.5 brazing=.3 sheet-metal=.2",
        [w("パイプ工業", "パイプコウギョウ", "Pipe Kogyo"), SEISAKUSHO],
        "自動車 空調機器 家具",
    ),
    s(
        "edm",
        "放電加工・治具",
        2,
        "wire-edm jig-making",
        "machining-center=.6 grinding=.5 sinker-edm=.5 cmm=.3",
        [
            w("精工", "セイコウ", "Seiko"),
            w("ワイヤーカット", "ワイヤーカット", "Wire Cut"),
            SEISAKUSHO,
        ],
        "金型 半導体製造装置 自動車",
        0.6,
    ),
    s(
        "inspection",
        "検査・測定・設計",
        2,
        "inspection cmm",
        "ndt=.3 design=.6 additive=.3",
        [
            w("計測", "ケイソク", "Keisoku"),
            w("エンジニアリング", "エンジニアリング", "Engineering"),
            w("テクノサービス", "テクノサービス", "Techno Service"),
        ],
        "自動車 産業機械 航空機",
        0.6,
    ),
    s(
        "prototype",
        "試作・積層造形",
        2,
        "additive design machining-center",
        "five-axis=.3 cmm=.3 sheet-metal=.2",
        [w("試作", "シサク", "Shisaku"), w("モデル", "モデル", "Model"), w("ラボ", "ラボ", "Lab")],
        "自動車 医療機器 家電",
        0.5,
    ),
]

SPECIALTIES_BY_CODE: dict[str, Specialty] = {sp.code: sp for sp in SPECIALTIES}

STRENGTHS: list[str] = [
    "小ロット・短納期に対応します",
    "試作から量産まで一貫して対応します",
    "三次元測定機による品質保証体制を整えています",
    "夜間無人運転で量産に対応します",
    "熟練技能者による難削材加工が強みです",
    "図面のない部品の復元にも対応します",
    "自社内で前後工程まで一貫生産しています",
    "多品種少量生産を得意としています",
    "工程内検査と全数検査で流出不良ゼロを目指しています",
    "地域の協力会社と連携し大型案件にも対応します",
]
