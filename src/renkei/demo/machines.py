"""Machines of the demo firms: real makers and model series per process.

One line per machine type: ``process | machine name | maker | model, model, …``. The hours a
machine of the type offers in a month (two shifts) decide how many of them a capability needs.
"""

from __future__ import annotations

from typing import NamedTuple


class Machine(NamedTuple):
    name: str
    maker: str
    models: tuple[str, ...]


MACHINE_TABLE = """
turning             | 汎用旋盤               | 滝澤鉄工所         | TAL-460, TAL-560, TSL-800
turning             | 汎用旋盤               | オークマ           | LS-N, LH35-N
cnc-turning         | CNC旋盤                | オークマ           | LB3000 EXII, LB4000 EXII, GENOS L250II, GENOS L400
cnc-turning         | CNC旋盤                | ヤマザキマザック   | QUICK TURN 250MY, QTN-200, QUICK TURN 350
cnc-turning         | CNC旋盤                | DMG森精機          | NLX2500, NLX2000, CTX 450
cnc-turning         | CNC自動盤              | シチズンマシナリー | Cincom L20, Cincom A32
cnc-turning         | CNC自動盤              | スター精密         | SR-20J, SR-32JII
cnc-turning         | 2スピンドルCNC旋盤     | 中村留精密工業     | WT-150II, NTJ-100
machining-center    | 立形マシニングセンタ   | オークマ           | MB-46VAE, MB-56VA, GENOS M560-V
machining-center    | 立形マシニングセンタ   | ヤマザキマザック   | VCN-530C, VCN-700D, VCE-600
machining-center    | 横形マシニングセンタ   | DMG森精機          | NHX4000, NHX5000
machining-center    | 立形マシニングセンタ   | DMG森精機          | NVX5080, NVX5100
machining-center    | 横形マシニングセンタ   | 牧野フライス製作所 | a51nx, a61nx
machining-center    | 小型マシニングセンタ   | ファナック         | ROBODRILL α-D21MiB5, ROBODRILL α-D21LiB5
machining-center    | 小型マシニングセンタ   | ブラザー工業       | SPEEDIO S700X2, SPEEDIO S1000X2
machining-center    | 門形マシニングセンタ   | OKK                | PCV-60, VM7III
five-axis           | 5軸マシニングセンタ    | DMG森精機          | DMU 50, DMU 65 monoBLOCK
five-axis           | 5軸マシニングセンタ    | ヤマザキマザック   | VARIAXIS i-600, VARIAXIS C-600
five-axis           | 複合加工機             | ヤマザキマザック   | INTEGREX i-200, INTEGREX j-200
five-axis           | 5軸マシニングセンタ    | オークマ           | MU-5000V, MU-6300V
five-axis           | 5軸マシニングセンタ    | 松浦機械製作所     | MAM72-35V, MX-520
milling             | 汎用フライス盤         | 牧野フライス製作所 | KGJP-55, KSJP-55
milling             | ラジアルボール盤       | 静岡鐵工所         | VHR-SD, VHR-A
grinding            | 平面研削盤             | 岡本工作機械製作所 | PSG-63DX, PSG-52CA, ACC-63DX
grinding            | 円筒研削盤             | ジェイテクト       | GL4P-50, G1P-32
grinding            | 平面研削盤             | 黒田精工           | GS-64PF, GS-45PF
grinding            | 内面研削盤             | ジェイテクト       | GI-20N
drilling            | 直立ボール盤           | キラ・コーポレーション | KRD-420, KRD-560
drilling            | タッピングセンタ       | ブラザー工業       | SPEEDIO S300X2
honing              | ホーニング盤           | サンネン           | SV-1000, SV-2000
honing              | ホーニング盤           | 日進機工           | NH-400V
gear-cutting        | ホブ盤                 | カシフジ           | KN152, KN80
gear-cutting        | ホブ盤                 | 三菱重工工作機械   | GE15A, GE25A
gear-cutting        | 歯車研削盤             | 三菱重工工作機械   | ZE15A, ZE24A
wire-edm            | ワイヤー放電加工機     | ソディック         | AL400G, ALN600G, AL600P
wire-edm            | ワイヤー放電加工機     | ファナック         | ROBOCUT α-C400iB, ROBOCUT α-C600iB
wire-edm            | ワイヤー放電加工機     | 三菱電機           | MV1200R, MV2400R
wire-edm            | ワイヤー放電加工機     | 西部電機           | M500S, M750S
sinker-edm          | 形彫り放電加工機       | ソディック         | AG60L, AD35L
sinker-edm          | 形彫り放電加工機       | 三菱電機           | EA12V, EA28V
sinker-edm          | 形彫り放電加工機       | 牧野フライス製作所 | EDAF3, EDNC6
pressing            | クランクプレス         | アイダエンジニアリング | NC1-110, NC1-150, NC1-200
pressing            | サーボプレス           | アイダエンジニアリング | NS1-2000, DSF-C1-1500
pressing            | 順送プレス             | コマツ産機         | OBS110-3, OBS80-3, E2W300
pressing            | サーボプレス           | コマツ産機         | H1F200, H2F300
pressing            | サーボプレス           | アマダプレスシステム | SDE-1522, SDE-8025
deep-drawing        | 油圧プレス             | アミノ             | ATH-300, ATH-500
deep-drawing        | 絞り用サーボプレス     | アイダエンジニアリング | NS2-3000
sheet-metal         | ベンディングマシン     | アマダ             | HG-1303, HG-2204
sheet-metal         | ファイバーレーザ複合機 | アマダ             | ACIES-2512AJ
bending             | プレスブレーキ         | アマダ             | EG-6013, HG-1303, HG-2204
bending             | プレスブレーキ         | トルンプ           | TruBend 5130, TruBend 3100
bending             | プレスブレーキ         | コマツ産機         | PAS-3012
laser-cutting       | ファイバーレーザ加工機 | アマダ             | ENSIS-3015AJ, LCG-3015AJ, VENTIS-3015AJ
laser-cutting       | ファイバーレーザ加工機 | トルンプ           | TruLaser 3030 fiber, TruLaser 5030 fiber
laser-cutting       | ファイバーレーザ加工機 | ヤマザキマザック   | OPTIPLEX 3015 FIBER
turret-punching     | タレットパンチプレス   | アマダ             | EM-2510NT, AE-2510NT
turret-punching     | タレットパンチプレス   | 村田機械           | MOTORUM-2548LT
pipe-bending        | NCパイプベンダー       | オプトン           | CHS-60, CHS-38
pipe-bending        | パイプ端末加工機       | 三菱重工工作機械   | PB-50
thread-rolling      | 転造盤                 | ニッセー           | FR-60, FS-20
thread-rolling      | ボルトフォーマー       | 阪村機械製作所     | BP-850, BP-430
forging             | 熱間鍛造プレス         | 栗本鐵工所         | KMP-1000, KMP-1600
forging             | 冷間鍛造プレス         | コマツ産機         | L2C-400
forging             | 鍛造プレス             | 住友重機械工業     | FP-1600
spinning            | へら絞り旋盤           | 日本スピンドル製造 | SP-600, SP-1000
welding             | CO2/MAG溶接機          | パナソニック       | YD-350VR1, YD-500VR1
welding             | CO2/MAG溶接機          | ダイヘン           | DM-350, DM-500
tig-welding         | TIG溶接機              | ダイヘン           | DA300P, DA500P
tig-welding         | TIG溶接機              | パナソニック       | YC-300BP4, YC-300BZ3
laser-welding       | ファイバーレーザ溶接機 | アマダウエルドテック | FLW-4000MT, ML-6811C
laser-welding       | レーザ溶接機           | トルンプ           | TruLaser Weld 5000
spot-welding        | スポット溶接機         | 電元社製作所       | SL-AJ50, SL-AJ80
spot-welding        | スポット溶接機         | 向洋技研           | ND-50, ND-100
robot-welding       | アーク溶接ロボット     | ファナック         | ARC Mate 100iD, ARC Mate 120iD
robot-welding       | アーク溶接ロボット     | ダイヘン           | FD-B4, FD-V8
robot-welding       | アーク溶接ロボット     | 安川電機           | MOTOMAN-AR1440, MOTOMAN-AR2010
robot-welding       | アーク溶接ロボット     | パナソニック       | TM-1400, TL-1800
brazing             | 連続ろう付炉           | 関東冶金工業       | MTB-50, MTB-80
brazing             | 高周波ろう付装置       | 富士電波工機       | FMD-30
casting             | 生型造型機             | 新東工業           | FBO-III, FBO-X
casting             | 高周波誘導炉           | 富士電機           | MF-1000, MF-2000
casting             | 自硬性造型ライン       | 新東工業           | SAPII
die-casting         | ダイカストマシン       | 芝浦機械           | DC350J-T, DC650J-T
die-casting         | ダイカストマシン       | UBEマシナリー      | UB530iV, UB350iV
die-casting         | ダイカストマシン       | 東洋機械金属       | BD-350V5, BD-250V5
investment-casting  | ロストワックス設備     | 新東工業           | LW-300
injection-moulding  | 電動射出成形機         | 日精樹脂工業       | NEX140V, NEX180V, NEX80V
injection-moulding  | 電動射出成形機         | 住友重機械工業     | SE180EV-A, SE100EV-A, SE280EV
injection-moulding  | 電動射出成形機         | ファナック         | ROBOSHOT α-S150iB, ROBOSHOT α-S100iB
injection-moulding  | 電動射出成形機         | 東洋機械金属       | Si-180-6, Si-100-6
injection-moulding  | 電動射出成形機         | 日本製鋼所         | J180AD, J350ADS
blow-moulding       | ブロー成形機           | タハラ             | MSE-4, MSE-8
blow-moulding       | 延伸ブロー成形機       | 日精エー・エス・ビー機械 | ASB-70DPH, ASB-12N
extrusion           | 押出成形機             | 池貝               | FS40, FS65
extrusion           | 二軸押出機             | 日本製鋼所         | TEX44αIII
rubber-moulding     | ゴム射出成形機         | 松田製作所         | MIR-200, MIR-400
rubber-moulding     | 真空プレス             | 東邦マシナリー     | TVP-150, TVP-300
additive            | 金属3Dプリンタ         | ソディック         | OPM250L
additive            | 金属3Dプリンタ         | EOS                | M 290
additive            | 樹脂3Dプリンタ         | ストラタシス       | F370, Fortus 450mc
additive            | 樹脂3Dプリンタ         | キーエンス         | AGILISTA-3200
plating             | 自動めっきライン       | 中央製作所         | 亜鉛めっきライン, ニッケルめっきライン
plating             | 自動めっきライン       | アルメックスコーセイ | バレルめっきライン, 無電解ニッケルライン
plating             | 排水処理設備           | オルガノ           | 中和処理装置
painting            | 粉体塗装ライン         | 旭サナック         | PEGASUS, 粉体静電ガン
painting            | 塗装ブース             | パーカーエンジニアリング | 水洗ブース, 乾式ブース
painting            | 焼付乾燥炉             | パーカーエンジニアリング | 連続乾燥炉
anodizing           | アルマイト処理ライン   | 中央製作所         | 硫酸アルマイトライン, 硬質アルマイトライン
chemical-conversion | 化成処理ライン         | 日本パーカライジング | リン酸亜鉛処理ライン
shot-blasting       | ショットブラスト機     | 新東工業           | SNTX-II, SHOT-BLAST MG
shot-blasting       | ウェットブラスト装置   | マコー             | PFE-300T
polishing           | バレル研磨機           | チップトン         | FM-150, HS-60
polishing           | 自動研磨機             | 浜井産業           | 9BF
heat-treatment      | 雰囲気熱処理炉         | 同和サーモテック   | バッチ式浸炭炉, 連続焼入炉
heat-treatment      | 真空熱処理炉           | IHI機械システム    | VHT-40, VHT-60
quenching           | 高周波焼入装置         | 高周波熱錬         | ネツレン焼入機
quenching           | 高周波焼入装置         | 富士電子工業       | FQD-500
carburizing         | ガス浸炭炉             | 中外炉工業         | STC-600, 連続浸炭炉
nitriding           | イオン窒化炉           | 日本電子工業       | NDK-1000
nitriding           | ガス軟窒化炉           | 中外炉工業         | NTF-40
assembly            | 自動ねじ締め機         | 日東精工           | FM513, SD600
assembly            | ナットランナー         | エスティック       | ENRZ, HFC-M
assembly            | 組立コンベアライン     | 日本電産シンポ     | フリーフローコンベア
pcb-assembly        | チップマウンター       | FUJI               | NXT III, AIMEX III
pcb-assembly        | チップマウンター       | パナソニック コネクト | NPM-D3A, NPM-W2
pcb-assembly        | 表面実装機             | ヤマハ発動機       | YSM20R, YSM10
pcb-assembly        | 表面実装機             | JUKI               | RS-1R, KE-3020V
pcb-assembly        | リフロー炉             | タムラ製作所       | TNV30-528EM
pcb-assembly        | 外観検査装置(AOI)      | オムロン           | VT-S730, VT-S1080
wire-harness        | 全自動圧着機           | 新明和工業         | ACC-313, ACC-123
wire-harness        | 全自動圧着機           | コマックス         | Alpha 355, Gamma 263
wire-harness        | 圧着機                 | 日本オートマチックマシン | JAM-300
control-panel       | 盤加工機               | アマダ             | EM-2510NT
control-panel       | 配線加工機             | 新明和工業         | HST-100
die-making          | 門形マシニングセンタ   | OKK                | PCV-60, MCV-860
die-making          | 金型用マシニングセンタ | 牧野フライス製作所 | V33i, V56i
press-die           | トライプレス           | アイダエンジニアリング | NC1-200
press-die           | 門形マシニングセンタ   | オークマ           | MCR-A5CII
mould-making        | 金型用マシニングセンタ | 牧野フライス製作所 | iQ300, V33i
mould-making        | 高速マシニングセンタ   | ソディック         | UH430L
jig-making          | 立形マシニングセンタ   | ファナック         | ROBODRILL α-D21LiB5
jig-making          | 汎用フライス盤         | 牧野フライス製作所 | KSJP-55
inspection          | 画像測定機             | ミツトヨ           | Quick Vision Apex, QV-ACTIVE
inspection          | 投影機                 | ニコン             | V-12B, V-20B
inspection          | ロックウェル硬さ試験機 | ミツトヨ           | HR-530
inspection          | 表面粗さ測定機         | 東京精密           | SURFCOM NEX 100
cmm                 | 三次元測定機           | ミツトヨ           | CRYSTA-Apex V 776, CRYSTA-Apex V 9106
cmm                 | 三次元測定機           | 東京精密           | XYZAX SVA NEX
cmm                 | 三次元測定機           | カールツァイス     | CONTURA, ACCURA
ndt                 | 超音波探傷器           | エビデント         | EPOCH 650
ndt                 | X線CT装置              | 島津製作所         | inspeXio SMX-225CT
ndt                 | 磁粉探傷装置           | マークテック       | MT-600
design              | 3次元CAD               | ダッソー・システムズ | CATIA V5, SOLIDWORKS 2024
design              | 3次元CAD               | 富士通             | iCAD SX
design              | CAD/CAM                | C&Gシステムズ      | CAM-TOOL
"""


def _parse(table: str) -> dict[str, list[Machine]]:
    machines: dict[str, list[Machine]] = {}
    for line in table.strip().splitlines():
        process, name, maker, models = (c.strip() for c in line.split("|"))
        entry = Machine(name, maker, tuple(m.strip() for m in models.split(",")))
        machines.setdefault(process, []).append(entry)
    return machines


MACHINES: dict[str, list[Machine]] = _parse(MACHINE_TABLE)

# Capacity hours one unit of a machine type stands for in a month. A machine tool offers about
# 300 (two shifts on 21 days, less set-up); a moulding line or a plating line is worked by a crew
# and stands for the crew's hours; a furnace runs around the clock; a CAD seat is one person's.
UNIT_HOURS: dict[str, float] = {
    "casting": 1500.0,
    "investment-casting": 1500.0,
    "die-casting": 500.0,
    "injection-moulding": 360.0,
    "plating": 2500.0,
    "painting": 2000.0,
    "anodizing": 2000.0,
    "chemical-conversion": 2500.0,
    "shot-blasting": 600.0,
    "polishing": 400.0,
    "heat-treatment": 700.0,
    "quenching": 500.0,
    "carburizing": 700.0,
    "nitriding": 700.0,
    "brazing": 700.0,
    "assembly": 500.0,
    "pcb-assembly": 600.0,
    "control-panel": 600.0,
    "additive": 500.0,
    "design": 160.0,
    "inspection": 200.0,
}
DEFAULT_UNIT_HOURS = 300.0
