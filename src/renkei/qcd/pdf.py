"""Small helpers for Japanese PDF reports (QCD sheet, scorecards) with reportlab.

The font is reportlab's built-in CID font ``HeiseiKakuGo-W5`` (平成角ゴシック): the PDF names
it and the reader supplies the glyphs, so nothing is downloaded or embedded. Build a report as
a list of flowables::

    story = [*title_block("QCDシート", subtitle="2026-09-30 現在"),
             key_value_table([("基準日", "2026-09-30")]),
             figure_table(["月", "納期遵守率"], [["2026-09", "96.2 %"]]),
             band_line_chart(["2026-08", "2026-09"], [None, 91.5], bands)]
    content = build_pdf("QCDシート", story)

The font maps JIS X 0208 characters: write "以上" rather than "≥", "・" rather than "·",
and words rather than the arrows ↗ ↘ (→ and — are fine).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from renkei.common.exporting import pdf_text

FONT = "HeiseiKakuGo-W5"
PDF_TYPE = "application/pdf"
# The scorecard bands' colours, as on the pages (qcd/_bands_css.html, the plotly chart).
BAND_COLOURS = {"S": "#1b7f3b", "A": "#5a9e2f", "B": "#c9a400", "C": "#e07b00", "D": "#b3261e"}
OTHER_BAND = "#9aa5ad"
LINE_COLOUR = "#0b6e69"
MUTED = colors.HexColor("#6b7780")
FRAME_WIDTH = landscape(A4)[0] - 24 * mm  # the text width of a wide page


def register_font() -> str:
    """Register the Japanese CID font once (idempotent); returns its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def styles() -> dict[str, ParagraphStyle]:
    font = register_font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=4),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=font, fontSize=9, leading=13, textColor=colors.grey
        ),
        "heading": ParagraphStyle(
            "heading", fontName=font, fontSize=11, leading=16, spaceBefore=8, spaceAfter=4
        ),
        "body": ParagraphStyle("body", fontName=font, fontSize=9, leading=13),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=10),
    }


def pdf_document(
    buffer: io.BytesIO, *, title: str, author: str = "renkei", wide: bool = True
) -> SimpleDocTemplate:
    """An A4 document (landscape when ``wide``) with narrow margins and its metadata set."""
    register_font()
    return SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if wide else A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=pdf_text(title),
        author=author,
    )


def title_block(title: str, *, subtitle: str = "") -> list[Flowable]:
    s = styles()
    block: list[Flowable] = [Paragraph(_escape(title), s["title"])]
    if subtitle:
        block.append(Paragraph(_escape(subtitle), s["subtitle"]))
    block.append(Spacer(1, 4 * mm))
    return block


def heading(text: str) -> Paragraph:
    return Paragraph(_escape(text), styles()["heading"])


def paragraph(text: str) -> Paragraph:
    return Paragraph(_escape(text), styles()["body"])


def figure_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    first_column_mm: float = 24,
    numeric_from: int = 1,
    highlight_last: bool = False,
    muted_rows: Sequence[int] = (),
) -> Table:
    """A table of figures: a header row, text in the first ``numeric_from`` columns, numbers
    right-aligned after them, the header wrapped to fit. ``highlight_last`` shades the last
    row (a total such as 全期間); ``muted_rows`` (indexes into ``rows``) are greyed, e.g. the
    months without data."""
    s = styles()
    data: list[list[Any]] = [[Paragraph(_escape(str(h)), s["cell"]) for h in header]]
    data += [[pdf_text(v) for v in row] for row in rows]
    n = len(header)
    widths = None
    if n > 1:
        rest = (FRAME_WIDTH - first_column_mm * mm) / (n - 1)
        widths = [first_column_mm * mm, *[rest] * (n - 1)]
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), register_font()),
        ("FONTSIZE", (0, 1), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef0")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d6dde3")),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if highlight_last and rows:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f6f8f9")))
    for index in muted_rows:
        style.append(("TEXTCOLOR", (0, index + 1), (-1, index + 1), MUTED))
    table.setStyle(TableStyle(style))
    return table


def key_value_table(rows: Sequence[tuple[str, str]], *, key_mm: float = 42) -> Table:
    """Label / value pairs (a report's header facts), the labels shaded, values wrapped."""
    s = styles()
    data = [
        [Paragraph(_escape(key), s["cell"]), Paragraph(_escape(value), s["body"])]
        for key, value in rows
    ]
    table = Table(data, colWidths=[key_mm * mm, FRAME_WIDTH - key_mm * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e8eef0")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d6dde3")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _tint(hex_colour: str, share: float) -> colors.Color:
    """``hex_colour`` mixed with white (``share`` of the colour): a light band fill without
    transparency, which every reader draws the same."""
    c = colors.HexColor(hex_colour)
    return colors.Color(*(1 - share + share * v for v in (c.red, c.green, c.blue)))


def band_line_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    bands: Sequence[dict[str, Any]],
    *,
    title: str = "",
    width: float = FRAME_WIDTH,
    height: float = 62 * mm,
    y_max: float = 100.0,
) -> Drawing:
    """A line of ``values`` per ``labels`` (months) over shaded ``bands`` (dicts with
    ``label``, ``low``, ``high``, best first, as the scorecard pages use), each threshold a
    dashed line. A ``None`` value is a gap: no point, and the line is broken there."""
    font = register_font()
    left, right, bottom = 10 * mm, 8 * mm, 9 * mm
    top = 7 * mm if title else 3 * mm
    plot_w, plot_h = width - left - right, height - bottom - top
    drawing = Drawing(width, height)

    def y(value: float) -> float:
        return bottom + plot_h * max(0.0, min(value, y_max)) / y_max

    step = plot_w / max(len(labels), 1)

    def x(index: int) -> float:
        return left + step * (index + 0.5)

    for band in bands:
        colour = band_colour(str(band["label"]))
        low, high = float(band["low"]), float(band["high"])
        drawing.add(
            Rect(
                left,
                y(low),
                plot_w,
                y(high) - y(low),
                fillColor=_tint(colour, 0.14),
                strokeColor=None,
            )
        )
        if low > 0:
            drawing.add(
                Line(
                    left,
                    y(low),
                    left + plot_w,
                    y(low),
                    strokeColor=colors.HexColor(colour),
                    strokeWidth=0.4,
                    strokeDashArray=[2, 2],
                )
            )
        drawing.add(
            String(
                left + plot_w + 2,
                y((low + high) / 2) - 3,
                pdf_text(band["label"]),
                fontName=font,
                fontSize=8,
                fillColor=colors.HexColor(colour),
            )
        )
    for tick in range(0, int(y_max) + 1, 20):
        drawing.add(
            String(
                left - 2, y(tick) - 2.5, str(tick), fontName=font, fontSize=6.5, textAnchor="end"
            )
        )
    axis = colors.HexColor("#5b6770")
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=axis, strokeWidth=0.5))
    drawing.add(Line(left, bottom, left, bottom + plot_h, strokeColor=axis, strokeWidth=0.5))
    every = max(1, -(-len(labels) // 12))  # at most about twelve month labels
    for index, label in enumerate(labels):
        if (len(labels) - 1 - index) % every == 0:  # always label the newest month
            drawing.add(
                String(
                    x(index),
                    bottom - 8,
                    pdf_text(label),
                    fontName=font,
                    fontSize=6,
                    textAnchor="middle",
                )
            )
    line = colors.HexColor(LINE_COLOUR)
    run: list[tuple[float, float]] = []
    for index, value in [*enumerate(values), (len(values), None)]:
        if value is None:
            if len(run) > 1:
                drawing.add(PolyLine(run, strokeColor=line, strokeWidth=1.4))
            run = []
            continue
        run.append((x(index), y(value)))
        drawing.add(Circle(x(index), y(value), 1.8, fillColor=line, strokeColor=None))
    if title:
        drawing.add(String(left, height - 5 * mm, pdf_text(title), fontName=font, fontSize=9))
    return drawing


def band_colour(label: str) -> str:
    return BAND_COLOURS.get(label, OTHER_BAND)


def build_pdf(title: str, story: Sequence[Flowable], *, wide: bool = True) -> bytes:
    """Render ``story`` into PDF bytes."""
    buffer = io.BytesIO()
    pdf_document(buffer, title=title, wide=wide).build(list(story))
    return buffer.getvalue()


def _escape(text: str) -> str:
    # Paragraph parses a small XML markup: escape what would be read as markup. Control
    # characters (a name stored before the input checks) are dropped.
    return pdf_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
