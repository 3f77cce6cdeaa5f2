"""Word lists for the demo cluster's Japanese names: firms, people, legal forms.

Every word carries its reading (katakana) and its romanisation (Hepburn, long vowels dropped as
firms and passports usually write them), so names, kana readings, English names, e-mail
addresses and web addresses all stay consistent with each other.
"""

from __future__ import annotations

from typing import NamedTuple


class Word(NamedTuple):
    kanji: str
    kana: str
    romaji: str


def w(kanji: str, kana: str, romaji: str) -> Word:
    return Word(kanji, kana, romaji)


# Auspicious and generic words that Japanese SMEs put in front of their trade (大和精工, 三和製作所).
GENERIC_PREFIXES: list[Word] = [
    w("大和", "ヤマト", "Yamato"),
    w("三和", "サンワ", "Sanwa"),
    w("協和", "キョウワ", "Kyowa"),
    w("共栄", "キョウエイ", "Kyoei"),
    w("昭和", "ショウワ", "Showa"),
    w("平和", "ヘイワ", "Heiwa"),
    w("東洋", "トウヨウ", "Toyo"),
    w("日進", "ニッシン", "Nisshin"),
    w("旭", "アサヒ", "Asahi"),
    w("光", "ヒカリ", "Hikari"),
    w("富士", "フジ", "Fuji"),
    w("太陽", "タイヨウ", "Taiyo"),
    w("大成", "タイセイ", "Taisei"),
    w("丸和", "マルワ", "Maruwa"),
    w("山一", "ヤマイチ", "Yamaichi"),
    w("丸三", "マルサン", "Marusan"),
    w("第一", "ダイイチ", "Daiichi"),
    w("新光", "シンコウ", "Shinko"),
    w("双葉", "フタバ", "Futaba"),
    w("北斗", "ホクト", "Hokuto"),
    w("正和", "セイワ", "Seiwa"),
    w("東和", "トウワ", "Towa"),
    w("三栄", "サンエイ", "San-ei"),
    w("明和", "メイワ", "Meiwa"),
    w("日栄", "ニチエイ", "Nichiei"),
    w("大昭", "タイショウ", "Taisho"),
    w("上州", "ジョウシュウ", "Joshu"),
    w("上毛", "ジョウモウ", "Jomo"),
    w("東毛", "トウモウ", "Tomo"),
    w("両毛", "リョウモウ", "Ryomo"),
    w("北関東", "キタカントウ", "Kitakanto"),
    w("関東", "カントウ", "Kanto"),
    w("坂東", "バンドウ", "Bando"),
    w("利根", "トネ", "Tone"),
    w("赤城", "アカギ", "Akagi"),
    w("榛名", "ハルナ", "Haruna"),
    w("妙義", "ミョウギ", "Myogi"),
    w("浅間", "アサマ", "Asama"),
    w("武尊", "ホタカ", "Hotaka"),
    w("谷川", "タニガワ", "Tanigawa"),
]

# Surnames that are common in Gunma, Tochigi and Saitama (新井, 関口, 茂木, 星野 …).
# Used both for people and for family firms (新井製作所).
SURNAMES: list[Word] = [
    w("佐藤", "サトウ", "sato"),
    w("鈴木", "スズキ", "suzuki"),
    w("高橋", "タカハシ", "takahashi"),
    w("田中", "タナカ", "tanaka"),
    w("渡辺", "ワタナベ", "watanabe"),
    w("伊藤", "イトウ", "ito"),
    w("山田", "ヤマダ", "yamada"),
    w("中村", "ナカムラ", "nakamura"),
    w("小林", "コバヤシ", "kobayashi"),
    w("加藤", "カトウ", "kato"),
    w("吉田", "ヨシダ", "yoshida"),
    w("松本", "マツモト", "matsumoto"),
    w("井上", "イノウエ", "inoue"),
    w("木村", "キムラ", "kimura"),
    w("清水", "シミズ", "shimizu"),
    w("斎藤", "サイトウ", "saito"),
    w("山崎", "ヤマザキ", "yamazaki"),
    w("阿部", "アベ", "abe"),
    w("新井", "アライ", "arai"),
    w("関口", "セキグチ", "sekiguchi"),
    w("星野", "ホシノ", "hoshino"),
    w("茂木", "モテギ", "motegi"),
    w("須藤", "ストウ", "suto"),
    w("萩原", "ハギワラ", "hagiwara"),
    w("栗原", "クリハラ", "kurihara"),
    w("塚越", "ツカゴシ", "tsukagoshi"),
    w("岩崎", "イワサキ", "iwasaki"),
    w("石原", "イシハラ", "ishihara"),
    w("根岸", "ネギシ", "negishi"),
    w("大澤", "オオサワ", "osawa"),
    w("木暮", "コグレ", "kogure"),
    w("富澤", "トミザワ", "tomizawa"),
    w("金井", "カナイ", "kanai"),
    w("狩野", "カノウ", "kano"),
    w("深澤", "フカサワ", "fukasawa"),
    w("田村", "タムラ", "tamura"),
    w("石井", "イシイ", "ishii"),
    w("金子", "カネコ", "kaneko"),
    w("小池", "コイケ", "koike"),
    w("福田", "フクダ", "fukuda"),
    w("坂本", "サカモト", "sakamoto"),
    w("宮下", "ミヤシタ", "miyashita"),
    w("今井", "イマイ", "imai"),
    w("松井", "マツイ", "matsui"),
    w("荻原", "オギワラ", "ogiwara"),
    w("細谷", "ホソヤ", "hosoya"),
    w("小野里", "オノザト", "onozato"),
    w("生方", "ウブカタ", "ubukata"),
    w("角田", "ツノダ", "tsunoda"),
    w("羽鳥", "ハトリ", "hatori"),
]

MALE_GIVEN: list[Word] = [
    w("浩", "ヒロシ", "hiroshi"),
    w("誠", "マコト", "makoto"),
    w("健一", "ケンイチ", "kenichi"),
    w("隆", "タカシ", "takashi"),
    w("正樹", "マサキ", "masaki"),
    w("和也", "カズヤ", "kazuya"),
    w("大輔", "ダイスケ", "daisuke"),
    w("修", "オサム", "osamu"),
    w("茂", "シゲル", "shigeru"),
    w("勝", "マサル", "masaru"),
    w("博之", "ヒロユキ", "hiroyuki"),
    w("直樹", "ナオキ", "naoki"),
    w("剛", "ツヨシ", "tsuyoshi"),
    w("拓也", "タクヤ", "takuya"),
    w("翔太", "ショウタ", "shota"),
    w("悠斗", "ユウト", "yuto"),
    w("光男", "ミツオ", "mitsuo"),
    w("清", "キヨシ", "kiyoshi"),
    w("義明", "ヨシアキ", "yoshiaki"),
    w("達也", "タツヤ", "tatsuya"),
    w("信也", "シンヤ", "shinya"),
    w("亮", "リョウ", "ryo"),
    w("健太", "ケンタ", "kenta"),
    w("昌弘", "マサヒロ", "masahiro"),
]

FEMALE_GIVEN: list[Word] = [
    w("恵子", "ケイコ", "keiko"),
    w("裕子", "ユウコ", "yuko"),
    w("美穂", "ミホ", "miho"),
    w("直美", "ナオミ", "naomi"),
    w("久美子", "クミコ", "kumiko"),
    w("由美", "ユミ", "yumi"),
    w("智子", "トモコ", "tomoko"),
    w("陽子", "ヨウコ", "yoko"),
    w("真由美", "マユミ", "mayumi"),
    w("彩", "アヤ", "aya"),
    w("愛", "アイ", "ai"),
    w("美咲", "ミサキ", "misaki"),
    w("さくら", "サクラ", "sakura"),
    w("千尋", "チヒロ", "chihiro"),
    w("麻衣", "マイ", "mai"),
    w("幸子", "サチコ", "sachiko"),
]


class LegalForm(NamedTuple):
    ja: str
    en: str
    before: bool  # 株式会社赤城精機 (before) or 赤城精機株式会社 (after)


KABUSHIKI_BEFORE = LegalForm("株式会社", "Co., Ltd.", True)
KABUSHIKI_AFTER = LegalForm("株式会社", "Co., Ltd.", False)
YUGEN = LegalForm("有限会社", "Ltd.", True)
GODO = LegalForm("合同会社", "LLC", False)
# 有限会社 could be founded only until the Companies Act of May 2006; 合同会社 exists since then.
COMPANIES_ACT_YEAR = 2006
