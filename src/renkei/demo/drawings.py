"""Tiny drawings for the demo's RFQs: one-page PDFs made in code (no file shipped).

A part outline with two holes and its dimensions, and a title block (表題欄) in Japanese with
reportlab's built-in CID font ``HeiseiKakuGo-W5`` (not embedded: a few kilobytes). ``invariant``
makes the bytes depend on the arguments only, so a rebuild writes the same files.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "HeiseiKakuGo-W5"


def drawing_pdf(
    *, title: str, number: str, material: str, issuer: str, width_mm: int, height_mm: int
) -> bytes:
    """A one-page A4 landscape drawing of a plate ``width_mm`` × ``height_mm``."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    page_w, page_h = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(page_w, page_h), invariant=1, pageCompression=1)
    pdf.setTitle(f"{number} {title}")
    pdf.setAuthor(issuer)
    pdf.setLineWidth(1.2)
    pdf.rect(20, 20, page_w - 40, page_h - 40)  # the frame
    # The part, scaled to fit the sheet.
    scale = min(420 / width_mm, 260 / height_mm)
    x0, y0 = 90.0, 220.0
    w, h = width_mm * scale, height_mm * scale
    pdf.rect(x0, y0, w, h)
    for cx in (x0 + w * 0.2, x0 + w * 0.8):
        pdf.circle(cx, y0 + h / 2, min(w, h) * 0.08)
    pdf.setLineWidth(0.5)
    pdf.setFont(FONT, 10)
    pdf.line(x0, y0 - 25, x0 + w, y0 - 25)
    pdf.drawCentredString(x0 + w / 2, y0 - 40, f"{width_mm}")
    pdf.line(x0 - 25, y0, x0 - 25, y0 + h)
    pdf.drawRightString(x0 - 30, y0 + h / 2, f"{height_mm}")
    pdf.drawString(x0, y0 + h + 15, "2-φ10 通し穴  / 指示なき角部 C0.5  / 普通公差 JIS B 0405 中級")
    # The title block.
    bx, by, bw = page_w - 300, 30, 270
    rows = (
        ("品名", title),
        ("図番", number),
        ("材質", material),
        ("尺度", "1:1"),
        ("発行", issuer),
    )
    pdf.setLineWidth(1)
    for i, (label, value) in enumerate(rows):
        y = by + 22 * i
        pdf.rect(bx, y, bw, 22)
        pdf.line(bx + 50, y, bx + 50, y + 22)
        pdf.drawString(bx + 8, y + 7, label)
        pdf.drawString(bx + 58, y + 7, value[:28])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
