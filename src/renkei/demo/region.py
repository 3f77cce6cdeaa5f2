"""The demo region: real municipalities of Gunma (東毛・中毛・西毛), Ashikaga and Kumagaya.

Town names (町名・大字) are real; postal codes follow each municipality's real prefix and are
plausible, not looked up. Hazard zones follow the geography: the low towns along the Tone,
Watarase, Karasu and Ara rivers are flood zones, the hill towns of Kiryu, Midori, Numata,
Shibukawa, Annaka and Tomioka are landslide zones, and the Asama side has volcanic ash.
"""

from __future__ import annotations

import random
from typing import NamedTuple

from renkei.demo.names import Word, w


class Town(NamedTuple):
    name: str
    postal_code: str
    chome: bool  # urban blocks (2丁目3-4) rather than rural lot numbers (1234-5)
    hazards: tuple[str, ...] = ()


class Area(NamedTuple):
    """What the demo needs to know about one municipality beyond the reference data."""

    code: str  # JIS municipality code (reference_data.MUNICIPALITIES)
    weight: float  # share of member firms located here
    area_code: str  # 市外局番
    exchanges: tuple[str, ...]  # leading digits of local numbers (市内局番)
    registry_office: str  # 4-digit registry office (登記所) code used in corporate numbers
    towns: tuple[Town, ...]
    local_words: tuple[Word, ...]  # place words that local firms put in their names


FLOOD = "flood"
LANDSLIDE = "landslide"
LIQUEFACTION = "liquefaction"
VOLCANO = "volcano"

AREAS: list[Area] = [
    Area(
        "10205",
        22,
        "0276",
        ("3", "4", "5"),
        "0702",
        (
            Town("東本町", "373-0025", True),
            Town("浜町", "373-0853", True),
            Town("飯塚町", "373-0817", False),
            Town("新井町", "373-0847", False),
            Town("細谷町", "373-0044", False),
            Town("内ケ島町", "373-0813", False),
            Town("竜舞町", "373-0043", False),
            Town("吉沢町", "373-0053", False),
            Town("西新町", "373-0842", False),
            Town("由良町", "373-0034", False),
            Town("強戸町", "373-0063", False),
            Town("鳥山上町", "373-0032", False),
            Town("清原町", "373-0004", False),
            Town("植木野町", "373-0007", False),
            Town("新田木崎町", "370-0311", False),
            Town("新田市野井町", "370-0346", False),
            Town("尾島町", "370-0421", False, (FLOOD,)),
            Town("世良田町", "370-0426", False, (FLOOD, LIQUEFACTION)),
            Town("藪塚町", "379-2301", False),
        ),
        (
            w("太田", "オオタ", "Ota"),
            w("金山", "カナヤマ", "Kanayama"),
            w("新田", "ニッタ", "Nitta"),
        ),
    ),
    Area(
        "10204",
        12,
        "0270",
        ("2", "3", "6"),
        "0703",
        (
            Town("今泉町", "372-0006", True),
            Town("三光町", "372-0014", False),
            Town("喜多町", "372-0046", False),
            Town("連取町", "372-0812", False),
            Town("宮子町", "372-0013", False),
            Town("馬見塚町", "372-0802", False),
            Town("赤堀今井町", "379-2204", True),
            Town("境", "370-0124", False),
            Town("長沼町", "372-0831", False, (FLOOD,)),
            Town("柴町", "372-0832", False, (FLOOD,)),
            Town("境島村", "370-0135", False, (FLOOD, LIQUEFACTION)),
        ),
        (
            w("伊勢崎", "イセサキ", "Isesaki"),
            w("赤堀", "アカボリ", "Akabori"),
            w("境", "サカイ", "Sakai"),
        ),
    ),
    Area(
        "10202",
        11,
        "027",
        ("32", "34", "35", "37"),
        "0701",
        (
            Town("八幡原町", "370-1203", False),
            Town("宮原町", "370-0016", False),
            Town("中居町", "370-0851", True),
            Town("問屋町", "370-0006", True),
            Town("貝沢町", "370-0042", False),
            Town("大八木町", "370-0072", False),
            Town("新町", "370-1301", False),
            Town("吉井町", "370-2132", False),
            Town("箕郷町", "370-3102", False, (LANDSLIDE,)),
            Town("倉賀野町", "370-1201", False, (FLOOD,)),
            Town("岩鼻町", "370-1207", False, (FLOOD,)),
        ),
        (
            w("高崎", "タカサキ", "Takasaki"),
            w("烏川", "カラスガワ", "Karasugawa"),
            w("箕輪", "ミノワ", "Minowa"),
        ),
    ),
    Area(
        "10203",
        10,
        "0277",
        ("2", "4", "5"),
        "0704",
        (
            Town("本町", "376-0031", True),
            Town("錦町", "376-0024", True),
            Town("相生町", "376-0011", True),
            Town("広沢町", "376-0013", True),
            Town("境野町", "376-0002", True, (FLOOD,)),
            Town("新里町", "376-0121", False),
            Town("梅田町", "376-0601", False, (LANDSLIDE,)),
            Town("菱町", "376-0001", True, (LANDSLIDE,)),
        ),
        (
            w("桐生", "キリュウ", "Kiryu"),
            w("吾妻", "アヅマ", "Azuma"),
            w("広沢", "ヒロサワ", "Hirosawa"),
        ),
    ),
    Area(
        "10201",
        10,
        "027",
        ("22", "23", "25", "26", "28"),
        "0700",
        (
            Town("大手町", "371-0026", True),
            Town("千代田町", "371-0022", True),
            Town("朝日町", "371-0014", True),
            Town("天川大島町", "379-2154", True),
            Town("駒形町", "379-2122", False),
            Town("鳥羽町", "371-0845", False),
            Town("元総社町", "371-0846", False),
            Town("亀里町", "379-2153", False),
            Town("西善町", "379-2114", False),
            Town("下川町", "371-0822", False, (FLOOD,)),
            Town("富士見町原之郷", "371-0101", False, (LANDSLIDE,)),
        ),
        (
            w("前橋", "マエバシ", "Maebashi"),
            w("広瀬", "ヒロセ", "Hirose"),
            w("赤城", "アカギ", "Akagi"),
        ),
    ),
    Area(
        "09202",
        7,
        "0284",
        ("4", "6", "7"),
        "0611",
        (
            Town("伊勢町", "326-0053", True),
            Town("家富町", "326-0814", False),
            Town("大月町", "326-0831", False),
            Town("県町", "326-0822", False),
            Town("寺岡町", "326-0027", False),
            Town("久保田町", "326-0808", False, (FLOOD,)),
            Town("福居町", "326-0824", False, (FLOOD,)),
            Town("野田町", "326-0843", False, (FLOOD,)),
            Town("山川町", "326-0007", False, (LANDSLIDE,)),
        ),
        (
            w("足利", "アシカガ", "Ashikaga"),
            w("渡良瀬", "ワタラセ", "Watarase"),
            w("織姫", "オリヒメ", "Orihime"),
        ),
    ),
    Area(
        "11202",
        6,
        "048",
        ("52", "53", "56", "58"),
        "0318",
        (
            Town("本町", "360-0041", True),
            Town("筑波", "360-0037", True),
            Town("佐谷田", "360-0023", False),
            Town("新堀", "360-0804", False),
            Town("御稜威ケ原", "360-0844", False),
            Town("三ケ尻", "360-0843", False),
            Town("久下", "360-0004", False, (FLOOD,)),
            Town("妻沼", "360-0201", False, (FLOOD, LIQUEFACTION)),
        ),
        (
            w("熊谷", "クマガヤ", "Kumagaya"),
            w("荒川", "アラカワ", "Arakawa"),
            w("妻沼", "メヌマ", "Menuma"),
        ),
    ),
    Area(
        "10207",
        5,
        "0276",
        ("7",),
        "0705",
        (
            Town("城町", "374-0018", True),
            Town("大街道", "374-0066", True),
            Town("富士原町", "374-0057", False),
            Town("羽附町", "374-0037", False),
            Town("足次町", "374-0033", False, (FLOOD,)),
            Town("赤生田町", "374-0002", False, (FLOOD, LIQUEFACTION)),
            Town("下早川田町", "374-0001", False, (FLOOD, LIQUEFACTION)),
        ),
        (w("館林", "タテバヤシ", "Tatebayashi"), w("城沼", "ジョウヌマ", "Jonuma")),
    ),
    Area(
        "10524",
        5,
        "0276",
        ("6",),
        "0705",
        (
            Town("坂田", "370-0523", True),
            Town("吉田", "370-0514", False),
            Town("仙石", "370-0526", True),
            Town("西小泉", "370-0518", True),
            Town("住吉", "370-0529", False),
            Town("古海", "370-0532", False, (FLOOD, LIQUEFACTION)),
        ),
        (w("大泉", "オオイズミ", "Oizumi"), w("小泉", "コイズミ", "Koizumi")),
    ),
    Area(
        "10212",
        3,
        "0277",
        ("7",),
        "0704",
        (
            Town("笠懸町阿左美", "379-2311", False),
            Town("笠懸町鹿", "379-2312", False),
            Town("大間々町大間々", "376-0101", False),
            Town("大間々町桐原", "376-0103", False),
            Town("東町花輪", "376-0302", False, (LANDSLIDE,)),
        ),
        (w("大間々", "オオママ", "Omama"), w("笠懸", "カサガケ", "Kasakake")),
    ),
    Area(
        "10525",
        2,
        "0276",
        ("8",),
        "0705",
        (
            Town("中野", "370-0603", False),
            Town("篠塚", "370-0615", False),
            Town("鶉", "370-0604", False, (FLOOD,)),
        ),
        (w("邑楽", "オウラ", "Ora"),),
    ),
    Area(
        "10523",
        2,
        "0276",
        ("8",),
        "0705",
        (
            Town("舞木", "370-0713", False),
            Town("上五箇", "370-0711", False),
            Town("赤岩", "370-0702", False, (FLOOD, LIQUEFACTION)),
        ),
        (w("千代田", "チヨダ", "Chiyoda"),),
    ),
    Area(
        "10209",
        2,
        "0274",
        ("2",),
        "0706",
        (
            Town("藤岡", "375-0024", False),
            Town("中栗須", "375-0005", False),
            Town("立石", "375-0002", False, (FLOOD,)),
        ),
        (w("藤岡", "フジオカ", "Fujioka"), w("鏑", "カブラ", "Kabura")),
    ),
    Area(
        "10208",
        2,
        "0279",
        ("2",),
        "0707",
        (
            Town("石原", "377-0007", False),
            Town("半田", "377-0004", False),
            Town("北橘町真壁", "377-0062", False),
            Town("伊香保町伊香保", "377-0102", False, (LANDSLIDE,)),
        ),
        (w("渋川", "シブカワ", "Shibukawa"), w("子持", "コモチ", "Komochi")),
    ),
    Area(
        "10464",
        2,
        "0270",
        ("6",),
        "0703",
        (
            Town("上新田", "370-1133", False),
            Town("斉田", "370-1127", False),
            Town("福島", "370-1104", False, (FLOOD,)),
        ),
        (w("玉村", "タマムラ", "Tamamura"),),
    ),
    Area(
        "10211",
        1,
        "027",
        ("38",),
        "0708",
        (
            Town("安中", "379-0116", False),
            Town("原市", "379-0133", False),
            Town("松井田町新堀", "379-0222", False, (LANDSLIDE, VOLCANO)),
        ),
        (w("安中", "アンナカ", "Annaka"), w("碓氷", "ウスイ", "Usui")),
    ),
    Area(
        "10210",
        1,
        "0274",
        ("6",),
        "0706",
        (
            Town("富岡", "370-2316", False),
            Town("田島", "370-2343", False),
            Town("妙義町行沢", "379-0201", False, (LANDSLIDE, VOLCANO)),
        ),
        (w("富岡", "トミオカ", "Tomioka"), w("妙義", "ミョウギ", "Myogi")),
    ),
    Area(
        "10345",
        1,
        "0279",
        ("5",),
        "0707",
        (
            Town("大久保", "370-3602", False),
            Town("漆原", "370-3603", False),
        ),
        (w("吉岡", "ヨシオカ", "Yoshioka"),),
    ),
    Area(
        "10206",
        1,
        "0278",
        ("2",),
        "0709",
        (
            Town("西倉内町", "378-0042", False),
            Town("戸鹿野町", "378-0051", False),
            Town("白沢町高平", "378-0101", False, (LANDSLIDE,)),
        ),
        (w("沼田", "ヌマタ", "Numata"), w("尾瀬", "オゼ", "Oze")),
    ),
]

AREAS_BY_CODE: dict[str, Area] = {area.code: area for area in AREAS}

# The automotive belt around the OEM's plants: where IATF 16949 suppliers concentrate.
AUTOMOTIVE_BELT: frozenset[str] = frozenset(
    {"10205", "10204", "10524", "10525", "10523", "10207", "10203", "10212", "11202"}
)

# Municipalities where a specialty is more (or less) common than the regional average:
# presses and welding around the car plants, plating and machining in Kiryu's old textile-
# machinery trade, casting in Ashikaga, electronics along the Maebashi–Takasaki corridor.
SPECIALTY_BIAS: dict[str, dict[str, float]] = {
    "10205": {
        "press": 2.0,
        "welding": 1.6,
        "sheet-metal": 1.3,
        "die-casting": 1.5,
        "moulding": 1.3,
    },
    "10524": {"press": 1.8, "moulding": 1.6, "harness": 2.0, "electronics": 1.3},
    "10525": {"press": 1.5, "welding": 1.5},
    "10523": {"press": 1.5, "welding": 1.5},
    "10204": {"machining": 1.3, "moulding": 1.4, "heat": 1.5},
    "10203": {"machining": 1.3, "plating": 1.8, "electronics": 1.3, "gear": 1.5},
    "10212": {"machining": 1.2, "plating": 1.4},
    "10202": {"electronics": 1.6, "control-panel": 1.6, "machining": 1.1},
    "10201": {"electronics": 1.5, "control-panel": 1.4, "inspection": 1.5, "prototype": 1.5},
    "09202": {"casting": 2.5, "machining": 1.2, "forging": 1.5},
    "11202": {"machining": 1.2, "sheet-metal": 1.3, "welding": 1.2},
    "10207": {"moulding": 1.3, "sheet-metal": 1.2},
}


def landline(area: Area, rng: random.Random) -> str:
    """A landline of the area: 0276-45-1234, 027-251-1234 (ten digits in all)."""
    local_len = 10 - len(area.area_code) - 4
    exchange = rng.choice(area.exchanges)
    exchange += "".join(str(rng.randint(0, 9)) for _ in range(local_len - len(exchange)))
    return f"{area.area_code}-{exchange}-{rng.randint(0, 9999):04d}"


def mobile(rng: random.Random) -> str:
    return f"0{rng.choice('789')}0-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}"
