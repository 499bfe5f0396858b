"""A certificate of participation as a one-page PDF: data in, bytes out. Pure: no Flask, no database.

Names come in every script of the region. The text is set in Noto Sans (Latin with diacritics, Cyrillic as in
Mongolian) with Noto Sans Thai, Noto Sans Devanagari and Noto Sans CJK as fallbacks, shaped with HarfBuzz (Thai and
Devanagari marks and conjuncts). The fonts are Debian's (fonts-noto-core, fonts-noto-cjk: `make fonts`).
"""

import io
import os
from dataclasses import dataclass, field
from functools import lru_cache

import segno
from fpdf import FPDF

FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto")
# (family, file, collection index): the first is the main font, the others are fallbacks for what it lacks.
FONTS = (
    ("NotoSans", "NotoSans-Regular.ttf", 0),
    ("NotoSansThai", "NotoSansThai-Regular.ttf", 0),
    ("NotoSansDevanagari", "NotoSansDevanagari-Regular.ttf", 0),
    ("NotoSansCJK", "NotoSansCJK-Regular.ttc", 2),  # index 2: Simplified Chinese
)
BOLD = ("NotoSans", "NotoSans-Bold.ttf", 0)


class FontsMissing(RuntimeError):
    """The Noto fonts are not installed (run `make fonts`)."""


@dataclass(frozen=True)
class CertificateData:
    holder: str
    administration: str | None
    workshop_title: str
    dates: str  # "14–16 May 2025"
    organizers: list[str] = field(default_factory=list)
    funds: list[str] = field(default_factory=list)
    attendance: str = ""  # "4 of 5 sessions"
    code: str = ""
    verify_url: str = ""
    office_name: str = "WCO Asia/Pacific Regional Office for Capacity Building"
    signatory: str = "Head of Office"
    signatory_title: str = "WCO ROCB A/P"
    issued_on: str = ""


def font_path(name: str) -> str:
    for folder in FONT_DIRS:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    raise FontsMissing(f"Font {name} not found in {', '.join(FONT_DIRS)}: install fonts-noto-core and "
                       "fonts-noto-cjk (make fonts).")


def font_files() -> dict[str, tuple[str, int]]:
    """Family -> (path, collection index) of every font a certificate may use."""
    return {family: (font_path(name), index) for family, name, index in FONTS}


def fallbacks_for(text: str) -> list[str]:
    """The fallback families `text` needs: only those are loaded (the CJK font alone takes a second to read)."""
    cmaps = _cmaps()
    main = cmaps[0][1]
    needed = [ord(c) for c in set(text) if not c.isspace() and ord(c) not in main]
    return [family for family, cmap in cmaps[1:] if any(c in cmap for c in needed)]


class _Certificate(FPDF):
    def __init__(self, text: str):
        super().__init__(orientation="landscape", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(20, 18, 20)
        files = font_files()
        main = FONTS[0][0]
        self.add_font(main, "", files[main][0])
        self.add_font(BOLD[0], "B", font_path(BOLD[1]))
        fallbacks = fallbacks_for(text)
        for family in fallbacks:
            self.add_font(family, "", files[family][0], collection_font_number=files[family][1])
        if fallbacks:
            self.set_fallback_fonts(fallbacks, exact_match=False)
        self.set_text_shaping(True)


def _line(pdf: FPDF, text: str, size: float, style: str = "", height: float | None = None, color=(40, 40, 40)):
    pdf.set_font("NotoSans", style, size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, height or size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")


def render(data: CertificateData) -> bytes:
    """The certificate of one participant as PDF bytes."""
    pdf = _Certificate(" ".join(filter(None, (data.holder, data.administration, data.workshop_title,
                                              *data.organizers, *data.funds))))
    pdf.set_title(f"Certificate of participation: {data.holder}")
    pdf.set_author(data.office_name)
    pdf.add_page()
    pdf.set_draw_color(0, 70, 127)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)
    pdf.set_y(24)
    _line(pdf, data.office_name, 12, color=(0, 70, 127))
    pdf.ln(4)
    _line(pdf, "CERTIFICATE OF PARTICIPATION", 26, "B", color=(0, 70, 127))
    pdf.ln(4)
    _line(pdf, "This is to certify that", 12)
    pdf.ln(2)
    _line(pdf, data.holder, 24, height=13, color=(0, 0, 0))
    if data.administration:
        _line(pdf, data.administration, 13)
    pdf.ln(3)
    _line(pdf, "participated in", 12)
    pdf.ln(1)
    _line(pdf, data.workshop_title, 17, "B", height=9, color=(0, 0, 0))
    _line(pdf, data.dates + (f" ({data.attendance})" if data.attendance else ""), 12)
    pdf.ln(2)
    if data.organizers:
        _line(pdf, "Organized by " + ", ".join(data.organizers), 10)
    if data.funds:
        _line(pdf, "Funded by " + ", ".join(data.funds), 10)
    _signature(pdf, data)
    _verification(pdf, data)
    return bytes(pdf.output())


def _signature(pdf: FPDF, data: CertificateData) -> None:
    y = pdf.h - 52
    pdf.set_draw_color(60, 60, 60)
    pdf.line(30, y, 110, y)
    pdf.set_xy(30, y + 2)
    pdf.set_font("NotoSans", "B", 11)
    pdf.cell(80, 6, data.signatory, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("NotoSans", "", 10)
    pdf.cell(80, 5, data.signatory_title, align="C", new_x="LEFT", new_y="NEXT")
    if data.issued_on:
        pdf.cell(80, 5, "Issued on " + data.issued_on, align="C")


def _verification(pdf: FPDF, data: CertificateData) -> None:
    if not data.verify_url:
        return
    size = 34
    x, y = pdf.w - 30 - size, pdf.h - 26 - size
    buffer = io.BytesIO()
    segno.make(data.verify_url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    pdf.image(buffer, x=x, y=y, w=size, h=size)
    pdf.set_xy(x - 70, y + size - 14)
    pdf.set_font("NotoSans", "", 8)
    pdf.set_text_color(60, 60, 60)
    pdf.multi_cell(68, 4, f"Verification code {data.code}\n{data.verify_url}", align="R")


@lru_cache(maxsize=1)
def _cmaps() -> tuple[tuple[str, frozenset[int]], ...]:
    from fontTools.ttLib import TTFont

    out = []
    for family, (path, index) in font_files().items():
        font = TTFont(path, fontNumber=index, lazy=True)
        out.append((family, frozenset(font.getBestCmap())))
    return tuple(out)


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` that none of the certificate's fonts covers (spaces aside)."""
    cmaps = _cmaps()
    return [c for c in dict.fromkeys(text) if not c.isspace() and not any(ord(c) in cmap for _, cmap in cmaps)]
