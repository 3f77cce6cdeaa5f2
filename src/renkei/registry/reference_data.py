"""Reference data shipped with every database: the process taxonomy, materials, municipalities.

Loaded by a data migration (so every database, including the tests', has it) and idempotent:
running :func:`load` again updates names without duplicating rows.
"""

from __future__ import annotations

from typing import Any

# (code, 日本語, English)
PROCESS_CATEGORIES: list[tuple[str, str, str]] = [
    ("cutting", "切削加工", "Cutting / machining"),
    ("forming", "塑性加工・板金", "Forming and sheet metal"),
    ("joining", "溶接・接合", "Welding and joining"),
    ("moulding", "鋳造・成形", "Casting and moulding"),
    ("surface", "表面処理", "Surface treatment"),
    ("heat", "熱処理", "Heat treatment"),
    ("assembly", "組立・電子", "Assembly and electronics"),
    ("tooling", "金型・治具", "Dies, moulds and jigs"),
    ("quality", "検査・設計", "Inspection and design"),
]

# (code, category, 日本語, English, default TTR in days when a firm has not stated its own)
PROCESSES: list[tuple[str, str, str, str, int]] = [
    ("turning", "cutting", "旋盤加工", "Turning", 14),
    ("cnc-turning", "cutting", "NC旋盤加工", "CNC turning", 14),
    ("machining-center", "cutting", "マシニング加工", "Machining centre", 14),
    ("five-axis", "cutting", "5軸加工", "5-axis machining", 30),
    ("milling", "cutting", "フライス加工", "Milling", 14),
    ("grinding", "cutting", "研削", "Grinding", 21),
    ("drilling", "cutting", "穴あけ加工", "Drilling", 7),
    ("honing", "cutting", "ホーニング", "Honing", 21),
    ("gear-cutting", "cutting", "歯切り加工", "Gear cutting", 30),
    ("wire-edm", "cutting", "ワイヤー放電加工", "Wire EDM", 21),
    ("sinker-edm", "cutting", "形彫り放電加工", "Sinker EDM", 21),
    ("pressing", "forming", "プレス", "Pressing", 30),
    ("deep-drawing", "forming", "深絞り", "Deep drawing", 45),
    ("sheet-metal", "forming", "板金", "Sheet metal work", 14),
    ("bending", "forming", "曲げ加工", "Bending", 14),
    ("laser-cutting", "forming", "レーザー切断", "Laser cutting", 21),
    ("turret-punching", "forming", "タレットパンチ", "Turret punching", 21),
    ("pipe-bending", "forming", "パイプ加工", "Tube bending", 14),
    ("thread-rolling", "forming", "転造", "Thread rolling", 21),
    ("forging", "forming", "鍛造", "Forging", 60),
    ("spinning", "forming", "へら絞り", "Metal spinning", 14),
    ("welding", "joining", "溶接", "Welding", 14),
    ("tig-welding", "joining", "TIG溶接", "TIG welding", 14),
    ("laser-welding", "joining", "レーザー溶接", "Laser welding", 30),
    ("spot-welding", "joining", "スポット溶接", "Spot welding", 14),
    ("robot-welding", "joining", "ロボット溶接", "Robotic welding", 30),
    ("brazing", "joining", "ろう付け", "Brazing", 21),
    ("casting", "moulding", "鋳造", "Casting", 60),
    ("die-casting", "moulding", "ダイカスト", "Die casting", 60),
    ("investment-casting", "moulding", "精密鋳造", "Investment casting", 60),
    ("injection-moulding", "moulding", "射出成形", "Injection moulding", 30),
    ("blow-moulding", "moulding", "ブロー成形", "Blow moulding", 30),
    ("extrusion", "moulding", "押出成形", "Extrusion", 45),
    ("rubber-moulding", "moulding", "ゴム成形", "Rubber moulding", 30),
    ("additive", "moulding", "3Dプリント(積層造形)", "Additive manufacturing", 7),
    ("plating", "surface", "めっき", "Plating", 45),
    ("painting", "surface", "塗装", "Painting", 21),
    ("anodizing", "surface", "アルマイト", "Anodizing", 30),
    ("chemical-conversion", "surface", "化成処理", "Chemical conversion coating", 30),
    ("shot-blasting", "surface", "ショットブラスト", "Shot blasting", 14),
    ("polishing", "surface", "研磨", "Polishing", 14),
    ("heat-treatment", "heat", "熱処理", "Heat treatment", 30),
    ("quenching", "heat", "焼入れ", "Quenching", 30),
    ("carburizing", "heat", "浸炭", "Carburising", 45),
    ("nitriding", "heat", "窒化", "Nitriding", 45),
    ("assembly", "assembly", "組立", "Assembly", 7),
    ("pcb-assembly", "assembly", "基板実装", "PCB assembly", 21),
    ("wire-harness", "assembly", "ハーネス加工", "Wire harness", 14),
    ("control-panel", "assembly", "制御盤製作", "Control panel building", 21),
    ("die-making", "tooling", "金型製作", "Die and mould making", 90),
    ("press-die", "tooling", "プレス金型", "Press dies", 90),
    ("mould-making", "tooling", "射出成形金型", "Injection moulds", 90),
    ("jig-making", "tooling", "治具製作", "Jig and fixture making", 30),
    ("inspection", "quality", "検査", "Inspection", 7),
    ("cmm", "quality", "三次元測定", "CMM measurement", 14),
    ("ndt", "quality", "非破壊検査", "Non-destructive testing", 21),
    ("design", "quality", "設計", "Design", 7),
]

# (code, 日本語, English)
MATERIALS: list[tuple[str, str, str]] = [
    ("ss400", "SS400(一般構造用鋼)", "SS400 structural steel"),
    ("s45c", "S45C(機械構造用炭素鋼)", "S45C carbon steel"),
    ("scm435", "SCM435(クロモリ鋼)", "SCM435 chromoly steel"),
    ("spcc", "SPCC(冷間圧延鋼板)", "SPCC cold-rolled steel"),
    ("sphc", "SPHC(熱間圧延鋼板)", "SPHC hot-rolled steel"),
    ("secc", "SECC(電気亜鉛めっき鋼板)", "SECC electro-galvanised steel"),
    ("sus304", "SUS304(ステンレス)", "SUS304 stainless steel"),
    ("sus316", "SUS316(ステンレス)", "SUS316 stainless steel"),
    ("skd11", "SKD11(工具鋼)", "SKD11 tool steel"),
    ("a5052", "A5052(アルミ)", "A5052 aluminium"),
    ("a6061", "A6061(アルミ)", "A6061 aluminium"),
    ("a7075", "A7075(超々ジュラルミン)", "A7075 aluminium"),
    ("adc12", "ADC12(アルミダイカスト)", "ADC12 die-cast aluminium"),
    ("c3604", "C3604(快削黄銅)", "C3604 free-cutting brass"),
    ("c1100", "C1100(タフピッチ銅)", "C1100 copper"),
    ("fc250", "FC250(ねずみ鋳鉄)", "FC250 grey cast iron"),
    ("fcd450", "FCD450(球状黒鉛鋳鉄)", "FCD450 ductile iron"),
    ("titanium", "チタン合金", "Titanium alloy"),
    ("inconel", "インコネル", "Inconel"),
    ("pa66", "PA66(ナイロン)", "PA66 nylon"),
    ("pom", "POM(ポリアセタール)", "POM acetal"),
    ("pc", "PC(ポリカーボネート)", "PC polycarbonate"),
    ("abs", "ABS樹脂", "ABS"),
    ("pp", "PP(ポリプロピレン)", "PP polypropylene"),
    ("peek", "PEEK", "PEEK"),
    ("fr4", "FR-4(ガラスエポキシ)", "FR-4 glass epoxy"),
    ("nbr", "NBR(ニトリルゴム)", "NBR rubber"),
    ("cfrp", "CFRP(炭素繊維強化樹脂)", "CFRP"),
]

# The demo cluster's region: Gunma prefecture (東毛・西毛・中毛) and two neighbours.
# (JIS code, prefecture, 日本語, English, latitude, longitude) — approximate town-hall positions.
MUNICIPALITIES: list[tuple[str, str, str, str, float, float]] = [
    ("10201", "群馬県", "前橋市", "Maebashi", 36.3895, 139.0634),
    ("10202", "群馬県", "高崎市", "Takasaki", 36.3220, 139.0032),
    ("10203", "群馬県", "桐生市", "Kiryu", 36.4053, 139.3309),
    ("10204", "群馬県", "伊勢崎市", "Isesaki", 36.3113, 139.1968),
    ("10205", "群馬県", "太田市", "Ota", 36.2912, 139.3755),
    ("10206", "群馬県", "沼田市", "Numata", 36.6459, 139.0443),
    ("10207", "群馬県", "館林市", "Tatebayashi", 36.2450, 139.5420),
    ("10208", "群馬県", "渋川市", "Shibukawa", 36.4893, 139.0000),
    ("10209", "群馬県", "藤岡市", "Fujioka", 36.2586, 139.0746),
    ("10210", "群馬県", "富岡市", "Tomioka", 36.2599, 138.8899),
    ("10211", "群馬県", "安中市", "Annaka", 36.3262, 138.8872),
    ("10212", "群馬県", "みどり市", "Midori", 36.3948, 139.2812),
    ("10345", "群馬県", "吉岡町", "Yoshioka", 36.4474, 139.0097),
    ("10464", "群馬県", "玉村町", "Tamamura", 36.3044, 139.1147),
    ("10523", "群馬県", "千代田町", "Chiyoda", 36.2171, 139.4427),
    ("10524", "群馬県", "大泉町", "Oizumi", 36.2478, 139.4048),
    ("10525", "群馬県", "邑楽町", "Ora", 36.2530, 139.4620),
    ("09202", "栃木県", "足利市", "Ashikaga", 36.3402, 139.4497),
    ("11202", "埼玉県", "熊谷市", "Kumagaya", 36.1473, 139.3886),
]

# Outside the cluster's region: where materials and some parts come from today.
OUTSIDE_REGION: list[tuple[str, str, str, str, float, float]] = [
    ("13111", "東京都", "大田区", "Ota City (Tokyo)", 35.5613, 139.7160),
    ("23211", "愛知県", "豊田市", "Toyota", 35.0826, 137.1560),
    ("27227", "大阪府", "東大阪市", "Higashiosaka", 34.6794, 135.6008),
    ("15204", "新潟県", "三条市", "Sanjo", 37.6368, 138.9617),
    ("15213", "新潟県", "燕市", "Tsubame", 37.6728, 138.8822),
]


def load(apps: Any = None) -> None:
    """Upsert the reference data. ``apps`` is the migration app registry (or ``None``)."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    category_model = apps.get_model("registry", "ProcessCategory")
    process_model = apps.get_model("registry", "Process")
    material_model = apps.get_model("registry", "Material")
    municipality_model = apps.get_model("registry", "Municipality")

    categories = {}
    for order, (code, ja, en) in enumerate(PROCESS_CATEGORIES):
        categories[code], _ = category_model.objects.update_or_create(
            code=code, defaults={"name_ja": ja, "name_en": en, "sort_order": order}
        )
    for order, (code, category, ja, en, ttr) in enumerate(PROCESSES):
        process_model.objects.update_or_create(
            code=code,
            defaults={
                "category": categories[category],
                "name_ja": ja,
                "name_en": en,
                "sort_order": order,
                "default_ttr_days": ttr,
            },
        )
    for order, (code, ja, en) in enumerate(MATERIALS):
        material_model.objects.update_or_create(
            code=code, defaults={"name_ja": ja, "name_en": en, "sort_order": order}
        )
    regional = [(*row, True) for row in MUNICIPALITIES]
    outside = [(*row, False) for row in OUTSIDE_REGION]
    has_region_flag = any(f.name == "in_region" for f in municipality_model._meta.get_fields())
    for code, prefecture, ja, en, lat, lon, in_region in regional + outside:
        defaults = {
            "prefecture": prefecture,
            "name_ja": ja,
            "name_en": en,
            "latitude": lat,
            "longitude": lon,
        }
        if has_region_flag:
            defaults["in_region"] = in_region
        elif not in_region:
            continue  # the historical model of migration 0002 has no region flag yet
        municipality_model.objects.update_or_create(code=code, defaults=defaults)
