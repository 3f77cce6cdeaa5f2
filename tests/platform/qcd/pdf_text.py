"""Reading back the PDFs reportlab writes: the pages' text, drawn in the Japanese CID font."""

from __future__ import annotations

import base64
import re
import zlib

from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from renkei.qcd.pdf import FONT


def pdf_page_text(content: bytes) -> bytes:
    """The pages' content streams (reportlab writes them ASCII85 + Flate encoded)."""
    out = []
    for data in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        data = data.strip().removesuffix(b"~>")
        out.append(zlib.decompress(base64.a85decode(data)))
    return b"".join(out)


def pdf_contains(content: bytes, text: str) -> bool:
    """Whether ``text`` is drawn in the Japanese CID font on a page of the PDF."""
    encoded = UnicodeCIDFont(FONT).formatForPdf(text).encode("latin-1")
    return encoded in pdf_page_text(content)
