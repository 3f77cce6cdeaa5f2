"""What the demo buyers make and buy: their products and bills of materials, as data.

One block per buyer (``@b01``), one line per item, indented under the item it goes into::

    code name | qty | routing | yen | flags

- ``qty`` per unit of the parent, with the unit when not 個 (``0.42kg``, ``1.6m``); for a
  product line the demand per day instead.
- ``routing``: the taxonomy's process codes (reference_data.PROCESSES) in order; the first is
  the one a supplier must have. ``-`` for material the buyer buys centrally and hands to its
  suppliers (支給材), so the buyer's plant is its source. For a product line: the margin (yen).
- ``yen``: the value the supplier adds per unit; an item's price is that plus what goes into it.
- flags (what makes the network interesting, see :mod:`renkei.demo.supply`):
  ``single`` one source and no qualified backup, ``town`` every source in one municipality,
  ``flood`` sources in a flood hazard zone, ``tight`` capacity barely above the requirement,
  ``hub`` the cluster's largest shop of that process (shared by several buyers),
  ``lean`` almost no stock, ``inhouse`` made in the buyer's own plant, ``ttr=90`` the item's
  stated recovery time (a dedicated die or mould must be made again), ``plant=1`` the buyer's
  site (by order) that makes a product.

An item code seen before in the same buyer's block is the same item (a common part): that line
gives only its quantity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from renkei.demo.plans import fiscal_year, months_before

CATALOGUE = """
@b01
MU-1001 電動パワステ用モーターユニット | 480 | 5200 | | plant=0
  MU-1001-01 ステータASSY | 1 | assembly | 380 | inhouse
    MU-1001-11 ステータコア(積層) | 1 | pressing | 520 | single ttr=115
      ZM-DS35 電磁鋼板 35A300 | 0.95kg | - | 310
    MU-1001-12 インシュレータ | 2 | injection-moulding | 45 |
      ZM-PA66GF PA66-GF30 樹脂ペレット | 0.02kg | - | 720
    MU-1001-13 モーター巻線リードハーネス | 1 | wire-harness | 260 | lean
  MU-1001-02 ロータシャフト(研削仕上げ) | 1 | grinding | 150 |
    MU-1001-21 ロータシャフト(高周波焼入れ) | 1 | quenching | 60 | hub
      MU-1001-22 ロータシャフト(旋削品) | 1 | cnc-turning | 210 |
        ZM-S45C-20 S45C 丸棒 φ20 | 0.42kg | - | 180
  MU-1001-03 モーターハウジング(加工品) | 1 | machining-center | 480 | tight
    MU-1001-31 モーターハウジング(ダイカスト素材) | 1 | die-casting | 650 | single ttr=130
      ZM-ADC12 ADC12 インゴット | 1.15kg | - | 390
  MU-1001-04 レゾルバ基板ASSY | 1 | pcb-assembly inspection | 950 |
  MU-1001-05 エンドブラケット(亜鉛めっき) | 1 | plating | 55 | town
    MU-1001-51 エンドブラケット(プレス品) | 1 | pressing | 140 |
      ZM-SPCC-23 SPCC 2.3mm コイル | 0.35kg | - | 150
  KB-M6-20 フランジボルト M6×20(三価クロメート) | 4 | plating | 2.5 | hub
    KB-M6-20N フランジボルト M6×20(生地) | 1 | thread-rolling | 4.2 |
  MU-1001-06 Oリング φ62 | 2 | rubber-moulding | 18 | flood
BC-2001 フローティングブレーキキャリパー | 900 | 2100 | | plant=1
  BC-2001-01 キャリパーボディ(加工品) | 1 | machining-center | 620 |
    BC-2001-11 キャリパーボディ(鋳物素材 FCD450) | 1 | casting shot-blasting | 780 | single ttr=85
  BC-2001-02 ピストン(硬質クロムめっき) | 1 | plating | 95 | town hub
    BC-2001-21 ピストン(旋削・研削品) | 1 | cnc-turning grinding | 240 |
      ZM-S45C-45 S45C 丸棒 φ45 | 0.38kg | - | 180
  BC-2001-03 キャリパーブラケット(加工品) | 1 | machining-center | 310 |
    BC-2001-31 キャリパーブラケット(鍛造素材) | 1 | forging | 420 | ttr=100
  BC-2001-04 パッドスプリング | 2 | pressing | 28 |
    ZM-SUS301 SUS301-CSP ばね用鋼帯 | 0.02kg | - | 900
  BC-2001-05 ガイドピン(高周波焼入れ) | 2 | quenching | 22 | hub
    BC-2001-51 ガイドピン(旋削品) | 1 | cnc-turning | 85 |
  BC-2001-06 ピストンシール | 1 | rubber-moulding | 35 |
  BC-2001-07 ダストブーツ | 1 | rubber-moulding | 40 | lean
  BC-2001-08 ブリーダスクリュー(亜鉛めっき) | 1 | plating | 6 |
    BC-2001-81 ブリーダスクリュー(旋削品) | 1 | cnc-turning | 38 |
  KB-M6-20 | 2
DH-3001 フロントドアヒンジASSY | 2400 | 380 | | plant=0
  DH-3001-01 ヒンジボデー側ブラケット(電着塗装) | 1 | painting | 38 | flood
    DH-3001-11 ヒンジボデー側ブラケット(プレス品) | 1 | pressing | 95 | ttr=95
      ZM-SPHC-32 SPHC 3.2mm コイル | 0.55kg | - | 130
  DH-3001-02 ヒンジドア側ブラケット(電着塗装) | 1 | painting | 35 |
    DH-3001-21 ヒンジドア側ブラケット(プレス品) | 1 | pressing | 88 |
      ZM-SPHC-32 | 0.48kg
  DH-3001-03 ヒンジピン(亜鉛ニッケルめっき) | 1 | plating | 12 | hub
    DH-3001-31 ヒンジピン(焼入れ) | 1 | quenching | 9 |
      DH-3001-32 ヒンジピン(旋削品) | 1 | cnc-turning | 36 |
  DH-3001-04 ヒンジブッシュ | 2 | injection-moulding | 8 |

@b02
SF-1101 フロントシートフレームASSY | 1200 | 1400 | | plant=0
  SF-1101-01 クッションフレーム(電着塗装) | 1 | painting | 160 |
    SF-1101-11 クッションフレーム溶接ASSY | 1 | robot-welding | 620 | tight
      SF-1101-12 サイドフレーム(プレス品) | 2 | pressing | 180 | ttr=100
        ZA-SPFH590-20 高張力鋼板 SPFH590 2.0mm | 1.3kg | - | 160
      SF-1101-13 フロントクロスパイプ(曲げ) | 1 | pipe-bending | 160 |
        ZA-STKM13A-25 STKM13A 鋼管 φ25.4 | 0.55m | - | 420
  SF-1101-02 シートバックフレーム溶接ASSY | 1 | robot-welding | 540 |
    SF-1101-21 バックフレームパイプ(曲げ) | 1 | pipe-bending | 210 | single
      ZA-STKM13A-25 | 1.6m
    SF-1101-22 バックフレームブラケット(プレス品) | 4 | pressing | 45 |
      ZA-SPFH590-20 | 0.3kg
  SF-1101-03 リクライナーASSY | 2 | assembly | 260 |
    SF-1101-31 リクライナーギヤ(浸炭焼入れ) | 2 | carburizing | 42 | hub single
      SF-1101-32 リクライナーギヤ(精密プレス品) | 1 | pressing | 120 | ttr=110
    SF-1101-33 リクライナーケース(深絞り品) | 1 | deep-drawing | 95 |
  SF-1101-04 シートスライドレール(スポット溶接) | 2 | spot-welding | 210 | town
    SF-1101-41 アッパーレール(プレス品) | 1 | pressing | 140 |
    SF-1101-42 ロアレール(プレス品) | 1 | pressing | 150 |
BR-1201 リヤバンパーリインフォースメントASSY | 650 | 950 | | plant=1
  BR-1201-01 リインフォースメント(電着塗装) | 1 | painting | 120 | flood
    BR-1201-11 リインフォースメント溶接ASSY | 1 | robot-welding | 260 | tight
      BR-1201-12 リインフォースメントビーム(プレス品) | 1 | pressing | 480 | single ttr=125
        ZA-SPFC980-16 超高張力鋼板 SPFC980 1.6mm | 3.2kg | - | 190
      BR-1201-13 バンパーステイ(プレス品) | 2 | pressing | 150 |
        ZA-SPFH590-20 | 0.9kg
  BR-1201-02 取付ボルト M10×25(亜鉛めっき) | 4 | plating | 3 | hub
    BR-1201-21 取付ボルト M10×25(生地) | 1 | thread-rolling | 9 |
  BR-1201-03 トーイングフック(調質) | 1 | heat-treatment | 35 | hub
    BR-1201-31 トーイングフック(鍛造・加工品) | 1 | forging machining-center | 320 |

@b03
CB-5001 冷凍機用制御基板ASSY | 160 | 3800 | | plant=0
  CB-5001-01 メイン制御基板(実装品) | 1 | pcb-assembly inspection | 2100 | single ttr=65
    ZE-PWB-5001 プリント配線板(生基板 4層) | 1 | - | 850
  CB-5001-02 基板ケース(成形品) | 1 | injection-moulding | 160 | ttr=85
    ZE-PCABS-V0 難燃PC/ABS 樹脂ペレット | 0.14kg | - | 820
  CB-5001-03 ヒートシンク(アルマイト) | 1 | anodizing | 70 |
    CB-5001-31 ヒートシンク(加工品) | 1 | machining-center | 260 |
      ZE-A6063-EX A6063 押出形材 | 0.32kg | - | 650
  CB-5001-04 基板間接続ハーネス | 2 | wire-harness | 340 | tight
  CB-5001-05 取付金具(亜鉛めっき) | 2 | plating | 6 | town hub
    CB-5001-51 取付金具(プレス品) | 1 | pressing | 22 |
      ZE-SPCC-10 SPCC 1.0mm コイル | 0.04kg | - | 150
PU-5101 冷却水循環ポンプ | 220 | 4200 | | plant=0
  PU-5101-01 ポンプケーシング(加工品) | 1 | machining-center | 540 |
    PU-5101-11 ポンプケーシング(鋳物素材 FC250) | 1 | casting | 620 | single ttr=95
  PU-5101-02 インペラ(成形品) | 1 | injection-moulding | 95 | ttr=80
    ZE-PPSGF PPS-GF40 樹脂ペレット | 0.08kg | - | 1400
  PU-5101-03 ポンプ軸(研削仕上げ) | 1 | grinding | 120 |
    PU-5101-31 ポンプ軸(旋削品) | 1 | cnc-turning | 180 |
      ZE-SUS304-16 SUS304 丸棒 φ16 | 0.25kg | - | 620
  PU-5101-04 モーターステータ(巻線品) | 1 | assembly | 980 | lean
    PU-5101-41 ステータコア(積層) | 1 | pressing | 380 |
      ZE-DS50 電磁鋼板 50A470 | 0.8kg | - | 280
  PU-5101-05 Oリング φ38 | 3 | rubber-moulding | 12 | flood
  PU-5101-06 ポンプカバー(焼付塗装) | 1 | painting | 85 |
    PU-5101-61 ポンプカバー(深絞り品) | 1 | deep-drawing | 160 |
CP-5201 冷凍ユニット用制御盤 | 12 | 46000 | | plant=0
  CP-5201-01 制御盤筐体(粉体塗装) | 1 | painting | 4800 |
    CP-5201-11 制御盤筐体(板金溶接品) | 1 | sheet-metal bending welding | 18000 | tight
      ZE-SECC-16 SECC 1.6mm 鋼板 | 14kg | - | 170
  CP-5201-02 盤内配線ハーネス | 1 | wire-harness | 9500 | single
  CB-5001-01 | 1
  CP-5201-03 操作パネルASSY | 1 | assembly | 3200 |
    CP-5201-31 操作パネルカバー(成形品) | 1 | injection-moulding | 450 |

@b04
SP-7001 マシニングセンタ用主軸ユニット | 4 | 380000 | | plant=0
  SP-7001-01 主軸(研削仕上げ) | 1 | grinding | 42000 | tight
    SP-7001-11 主軸(窒化処理) | 1 | nitriding | 9500 | single hub
      SP-7001-12 主軸(旋削・加工品) | 1 | cnc-turning machining-center | 38000 |
        ZK-SCM440-130 SCM440 丸棒 φ130 | 21kg | - | 420
  SP-7001-02 主軸ハウジング(加工品) | 1 | machining-center honing | 68000 |
    SP-7001-21 主軸ハウジング(鋳物素材 FC300) | 1 | casting | 52000 | single ttr=130
  SP-7001-03 ベアリングスリーブ | 2 | cnc-turning grinding | 8800 |
  SP-7001-04 ドローバー(焼入れ) | 1 | quenching | 2600 | hub
    SP-7001-41 ドローバー(旋削品) | 1 | cnc-turning | 7400 |
  SP-7001-05 冷却ジャケット(ろう付け) | 1 | brazing | 6200 |
    SP-7001-51 冷却ジャケット(加工品) | 1 | machining-center | 14000 |
  SP-7001-06 主軸ロックナット | 2 | cnc-turning | 3100 | town
AT-7101 自動工具交換装置(ATC)ユニット | 3 | 240000 | | plant=0
  AT-7101-01 ATCアーム(研削仕上げ) | 1 | grinding | 16000 |
    AT-7101-11 ATCアーム(焼入れ) | 1 | quenching | 3800 | hub
      AT-7101-12 ATCアーム(加工品) | 1 | machining-center | 26000 |
        ZK-S45C-PL40 S45C 板材 t40 | 9kg | - | 210
  AT-7101-02 カムボックス(加工品) | 1 | machining-center | 48000 | tight
    AT-7101-21 カムボックス(鋳物素材 FC250) | 1 | casting | 36000 | ttr=110
  AT-7101-03 マガジンカバー(焼付塗装) | 1 | painting | 9000 |
    AT-7101-31 マガジンカバー(板金品) | 1 | sheet-metal bending | 22000 |
      ZK-SPCC-23 SPCC 2.3mm 鋼板 | 18kg | - | 150
  AT-7101-04 ATC制御基板 | 1 | pcb-assembly | 28000 | single
  AT-7101-05 ツールポット(窒化処理) | 24 | nitriding | 450 | hub
    AT-7101-51 ツールポット(旋削品) | 1 | cnc-turning | 2400 |
  AT-7101-06 ローラーギヤカム(歯切り・研削) | 1 | gear-cutting grinding | 24000 | lean
SG-7201 スプラッシュガード | 3 | 65000 | | plant=0
  SG-7201-01 ガードパネル(焼付塗装) | 4 | painting | 6500 | flood
    SG-7201-11 ガードパネル(板金品) | 1 | laser-cutting bending | 14000 |
      ZK-SPCC-16 SPCC 1.6mm 鋼板 | 22kg | - | 150
  SG-7201-02 覗き窓フレーム(TIG溶接品) | 1 | tig-welding | 8000 |
    SG-7201-21 覗き窓フレーム(板金品) | 1 | sheet-metal | 6000 |
  SG-7201-03 スライドドアレール | 2 | machining-center | 5200 | town

@b05
IP-8001 輸液ポンプ筐体ユニット | 60 | 9500 | | plant=0
  IP-8001-01 フロントケース(塗装品) | 1 | painting | 900 | flood
    IP-8001-11 フロントケース(成形品) | 1 | injection-moulding | 1100 | single ttr=115
      ZH-PCABS-MED 医療グレード PC/ABS 樹脂 | 0.42kg | - | 1100
  IP-8001-02 リアケース(成形品) | 1 | injection-moulding | 950 | ttr=85
    ZH-PCABS-MED | 0.38kg
  IP-8001-03 内部シャーシ(板金品) | 1 | sheet-metal bending | 1600 |
    ZH-SECC-10 SECC 1.0mm 鋼板 | 0.9kg | - | 170
  IP-8001-04 ポンプドアヒンジ(切削品) | 2 | machining-center | 680 |
  IP-8001-05 操作パネル基板 | 1 | pcb-assembly inspection | 5200 | tight
  IP-8001-06 防水パッキン | 1 | rubber-moulding | 120 | lean
  IP-8001-07 送液フィンガー(切削品) | 12 | cnc-turning | 150 | town
AN-8101 検体分注プローブユニット | 15 | 42000 | | plant=0
  AN-8101-01 分注プローブ(電解研磨) | 1 | polishing | 2400 | single
    AN-8101-11 分注プローブ(細管加工品) | 1 | pipe-bending | 3800 |
      ZH-SUS316-TB SUS316 細管 φ1.2 | 0.25m | - | 2400
  AN-8101-02 プローブホルダ(切削品) | 1 | cnc-turning machining-center | 2800 |
  AN-8101-03 アームASSY | 1 | assembly | 3500 |
    AN-8101-31 アーム(アルマイト) | 1 | anodizing | 600 | hub
      AN-8101-32 アーム(切削品) | 1 | machining-center | 5200 |
        ZH-A5052-PL10 A5052 板材 t10 | 0.6kg | - | 900
    AN-8101-33 上下駆動ギヤ | 2 | gear-cutting | 1400 | tight
  AN-8101-04 液面検知基板 | 1 | pcb-assembly | 7800 |

@b06
FN-9001 充填機ノズルユニット | 20 | 28000 | | plant=0
  FN-9001-01 ノズル本体(電解研磨) | 1 | polishing | 1800 | town
    FN-9001-11 ノズル本体(切削品) | 1 | cnc-turning machining-center | 6400 |
      ZF-SUS316L-40 SUS316L 丸棒 φ40 | 0.9kg | - | 1500
  FN-9001-02 シリンダ(溶接・研磨) | 1 | tig-welding polishing | 4800 | single
    FN-9001-21 シリンダ管(パイプ加工品) | 1 | pipe-bending | 2200 |
      ZF-SUS316L-TB SUS316L サニタリー管 φ50.8 | 0.35m | - | 3800
  FN-9001-03 ピストン(切削品) | 1 | cnc-turning | 3600 | tight
  FN-9001-04 ノズルシール | 4 | rubber-moulding | 180 | lean
  FN-9001-05 取付フランジ(切削品) | 2 | machining-center | 2600 |
NR-9101 製麺機用圧延ロールユニット | 5 | 85000 | | plant=0
  NR-9101-01 圧延ロール(硬質クロムめっき) | 2 | plating | 6500 | hub single
    NR-9101-11 圧延ロール(研削品) | 1 | grinding | 9800 |
      NR-9101-12 圧延ロール(旋削・焼入れ品) | 1 | cnc-turning quenching | 14000 |
        ZF-S45C-150 S45C 丸棒 φ150 | 28kg | - | 190
  NR-9101-02 ロールフレーム(溶接品) | 1 | tig-welding welding | 22000 |
    NR-9101-21 フレーム板(レーザー切断・曲げ) | 2 | laser-cutting bending | 6800 |
      ZF-SUS304-PL6 SUS304 板材 t6 | 12kg | - | 520
  NR-9101-03 ギヤボックス(加工品) | 1 | machining-center | 18000 |
    NR-9101-31 ギヤボックス(鋳物素材 FC250) | 1 | casting | 15000 | single ttr=105
  NR-9101-04 駆動ギヤ(調質・歯切り) | 2 | gear-cutting heat-treatment | 7200 |
  NR-9101-05 安全カバー(板金品) | 1 | sheet-metal bending | 8200 | flood
SJ-9201 包装機用縦シールジョーASSY | 8 | 36000 | | plant=0
  SJ-9201-01 シールジョー(ヒーター組込) | 2 | assembly | 5200 |
    SJ-9201-11 シールジョー本体(切削品) | 1 | machining-center wire-edm | 9800 | tight
      ZF-SUS304-SQ SUS304 角材 40×60 | 1.8kg | - | 560
  SJ-9201-02 ジョーホルダ(アルマイト) | 1 | anodizing | 1200 |
    SJ-9201-21 ジョーホルダ(切削品) | 1 | machining-center | 4800 |
"""

# Days a member site of each trade says it needs to recover (BCP answers): dies, moulds,
# furnaces and plating lines take longest to rebuild.
TTR_BY_SPECIALTY: dict[str, tuple[int, int]] = {
    "machining": (14, 45),
    "gear": (30, 60),
    "press": (30, 60),
    "sheet-metal": (14, 30),
    "welding": (14, 30),
    "plating": (45, 90),
    "painting": (21, 45),
    "heat": (30, 75),
    "casting": (60, 120),
    "die-casting": (60, 120),
    "moulding": (30, 60),
    "rubber": (30, 60),
    "tooling": (60, 150),
    "electronics": (21, 45),
    "harness": (14, 30),
    "control-panel": (14, 30),
    "forging": (45, 90),
    "fastener": (21, 45),
    "tube": (14, 30),
    "edm": (21, 45),
    "inspection": (7, 21),
    "prototype": (7, 21),
}
NICE_DAYS = (3, 5, 7, 10, 14, 21, 30, 45, 60, 75, 90, 120, 150, 180)


def bcp_bases(today: date) -> tuple[str, ...]:
    """Where a supplier's stated recovery time comes from, dated in the months before ``today``."""
    year = fiscal_year(today)

    def month(back: int) -> str:
        y, m = months_before(today, back)
        return f"{y}年{m}月"

    return (
        f"BCP回答 {year}年度",
        f"BCPアンケート回答({month(4)})",
        f"事業継続力強化計画({year - 1}年認定)",
        f"サプライヤー訪問時の聞き取り({month(2)})",
        f"BCP訓練結果({month(1)})",
    )


def plant_basis(today: date) -> str:
    """The basis of a buyer's own plants' recovery times: this fiscal year's BCP."""
    return f"自社BCP({fiscal_year(today)}年度版)の目標復旧時間"


# Lead time in days (low, high) by the process a supplier performs.
LEAD_TIMES: dict[str, tuple[int, int]] = {
    "casting": (20, 35),
    "die-casting": (15, 30),
    "forging": (15, 30),
    "injection-moulding": (7, 15),
    "pcb-assembly": (10, 20),
    "plating": (3, 6),
    "anodizing": (3, 6),
    "painting": (3, 7),
    "polishing": (3, 7),
    "quenching": (3, 6),
    "heat-treatment": (3, 7),
    "carburizing": (4, 8),
    "nitriding": (5, 10),
}
DEFAULT_LEAD = (5, 14)


@dataclass
class ItemTemplate:
    """One line of the catalogue: a product, part or material of one buyer."""

    code: str
    name: str
    kind: str  # product / part / material
    unit: str = "個"
    routing: tuple[str, ...] = ()
    value_yen: float = 0.0  # parts and materials: what the supplier adds per unit
    demand_per_day: float = 0.0  # products
    margin_yen: float = 0.0  # products
    flags: frozenset[str] = frozenset()
    ttr_days: int | None = None
    plant: int = 0  # products: which of the buyer's sites makes it
    children: list[tuple[ItemTemplate, float]] = field(default_factory=list)


@dataclass
class BuyerCatalogue:
    key: str  # b01 …
    products: list[ItemTemplate]
    items: dict[str, ItemTemplate]  # code -> template, every item of the buyer once


def _quantity(text: str) -> tuple[float, str]:
    for unit in ("kg", "m"):
        if text.endswith(unit):
            return float(text[: -len(unit)]), unit
    return float(text), "個"


def _flags(text: str) -> tuple[frozenset[str], int | None, int]:
    flags, ttr, plant = set(), None, 0
    for token in text.split():
        name, _, value = token.partition("=")
        if name == "ttr":
            ttr = int(value)
        elif name == "plant":
            plant = int(value)
        else:
            flags.add(name)
    return frozenset(flags), ttr, plant


def parse_catalogue(text: str = CATALOGUE) -> list[BuyerCatalogue]:
    """The catalogue as trees of :class:`ItemTemplate`, one :class:`BuyerCatalogue` per buyer."""
    buyers: list[BuyerCatalogue] = []
    stack: list[tuple[int, ItemTemplate]] = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        if raw.startswith("@"):
            buyers.append(BuyerCatalogue(raw[1:].strip(), [], {}))
            stack = []
            continue
        depth = (len(raw) - len(raw.lstrip(" "))) // 2
        fields = [f.strip() for f in raw.split("|")]
        code, _, name = fields[0].partition(" ")
        buyer = buyers[-1]
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if depth == 0:
            flags, _, plant = _flags(fields[4])
            product = ItemTemplate(
                code=code,
                name=name,
                kind="product",
                demand_per_day=float(fields[1]),
                margin_yen=float(fields[2]),
                flags=flags,
                plant=plant,
            )
            buyer.products.append(product)
            buyer.items[code] = product
            stack = [(0, product)]
            continue
        qty, unit = _quantity(fields[1])
        parent = stack[-1][1]
        if code in buyer.items:  # a common part: only its quantity here
            parent.children.append((buyer.items[code], qty))
            continue
        flags, ttr, _ = _flags(fields[4] if len(fields) > 4 else "")
        material = fields[2] == "-"
        item = ItemTemplate(
            code=code,
            name=name.strip(),
            kind="material" if material else "part",
            unit=unit,
            routing=() if material else tuple(fields[2].split()),
            value_yen=float(fields[3]),
            flags=flags,
            ttr_days=ttr,
        )
        buyer.items[code] = item
        parent.children.append((item, qty))
        stack.append((depth, item))
    return buyers


BUYER_CATALOGUES: list[BuyerCatalogue] = parse_catalogue()
