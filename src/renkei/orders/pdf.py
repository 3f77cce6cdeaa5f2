"""Small helpers for Japanese PDF reports (QCD sheet, scorecards) with reportlab.

The font is reportlab's built-in CID font ``HeiseiKakuGo-W5`` (平成角ゴシック): the PDF names
it and the reader supplies the glyphs, so nothing is downloaded or embedded. Build a report as
a list of flowables::

    doc = pdf_document(buffer, title="QCDシート")
    story = [title_block("QCDシート", subtitle="2026-09-30 現在"),
             figure_table(["月", "納期遵守率"], [["2026-09", "96.2 %"]])]
    doc.build(story)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "HeiseiKakuGo-W5"
PDF_TYPE = "application/pdf"


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
        title=title,
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
) -> Table:
    """A table of figures: a header row, text in the first ``numeric_from`` columns, numbers
    right-aligned after them, the header wrapped to fit. ``highlight_last`` shades the last
    row (a total such as 全期間)."""
    s = styles()
    data: list[list[Any]] = [[Paragraph(_escape(str(h)), s["cell"]) for h in header]]
    data += [[str(v) for v in row] for row in rows]
    n = len(header)
    widths = None
    if n > 1:
        rest = (landscape(A4)[0] - 24 * mm - first_column_mm * mm) / (n - 1)
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
    table.setStyle(TableStyle(style))
    return table


def build_pdf(title: str, story: Sequence[Flowable], *, wide: bool = True) -> bytes:
    """Render ``story`` into PDF bytes."""
    buffer = io.BytesIO()
    pdf_document(buffer, title=title, wide=wide).build(list(story))
    return buffer.getvalue()


def _escape(text: str) -> str:
    # Paragraph parses a small XML markup: escape what would be read as markup.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
