"""A certificate of participation as a one-page PDF: data in, bytes out. Pure: no Flask, no database.

Names come in every script of the region. The text is set in Noto Sans (Latin with diacritics, Cyrillic as in
Mongolian) with Noto Sans Thai, Noto Sans Devanagari and Noto Sans CJK as fallbacks, shaped with HarfBuzz (Thai and
Devanagari marks and conjuncts). The fonts are Debian's (fonts-noto-core, fonts-noto-cjk: `make fonts`).
"""

import copy
import io
import os
from dataclasses import dataclass, field
from functools import cache, lru_cache

import segno
from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import TTFFont

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


@cache
def _parsed_font(family: str, style: str, path: str, index: int) -> TTFFont:
    """A font as fpdf2 reads it (its widths of every glyph: a second for the CJK font), read once per process."""
    scratch = FPDF()
    scratch.add_font(family, style, path, collection_font_number=index)
    return scratch.fonts[f"{family.lower()}{style}"]


def _add_font(pdf: FPDF, family: str, style: str, path: str, index: int = 0) -> None:
    """pdf.add_font without reading the font again: a copy of the parsed font in the way fpdf2 copies fonts for its
    own FPDFRecorder (TTFFont.__deepcopy__), its widths shared (read only), and a fresh fontTools handle (lazy,
    instant), because writing the PDF subsets that handle in place."""
    parsed = _parsed_font(family, style, path, index)
    font = copy.deepcopy(parsed, {id(parsed.cw): parsed.cw})
    font.i = len(pdf.fonts) + 1
    font.ttfont = ttLib.TTFont(path, recalcTimestamp=False, fontNumber=index, lazy=True)
    pdf.fonts[font.fontkey] = font
    if font.is_cff and font.is_cid_keyed:
        pdf._set_min_pdf_version("1.6")


class _Certificate(FPDF):
    def __init__(self, text: str):
        super().__init__(orientation="landscape", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(20, 18, 20)
        files = font_files()
        main = FONTS[0][0]
        _add_font(self, main, "", files[main][0])
        _add_font(self, BOLD[0], "B", font_path(BOLD[1]))
        fallbacks = fallbacks_for(text)
        for family in fallbacks:
            _add_font(self, family, "", *files[family])
        if fallbacks:
            self.set_fallback_fonts(fallbacks, exact_match=False)
        self.set_text_shaping(True)


def _line(pdf: FPDF, text: str, size: float, style: str = "", height: float | None = None, color=(40, 40, 40)):
    pdf.set_font("NotoSans", style, size)
    pdf.set_text_color(*color)
    if pdf.get_string_width(text) < pdf.epw:  # one line: no line breaking to work out (most of the cost)
        pdf.cell(0, height or size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, height or size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")


def _text_of(data: CertificateData) -> str:
    return " ".join(filter(None, (data.holder, data.administration, data.workshop_title, *data.organizers,
                                  *data.funds)))


def render(data: CertificateData) -> bytes:
    """The certificate of one participant as PDF bytes."""
    pdf = _Certificate(_text_of(data))
    pdf.set_title(f"Certificate of participation: {data.holder}")
    pdf.set_author(data.office_name)
    _page(pdf, data)
    return bytes(pdf.output())


def render_many(items: list[CertificateData]) -> list[bytes]:
    """One PDF per certificate, as `render` makes them, for many at once: all are drawn as pages of one document (the
    fonts are read and subset once, which is most of the cost), then each page is written out as its own PDF."""
    if len(items) <= 1:
        return [render(d) for d in items]
    from pypdf import PdfReader, PdfWriter

    pdf = _Certificate(" ".join(_text_of(d) for d in items))
    for data in items:
        _page(pdf, data)
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    out = []
    for data, page in zip(items, reader.pages, strict=True):
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Title": f"Certificate of participation: {data.holder}", "/Author": data.office_name})
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out


def _page(pdf: FPDF, data: CertificateData) -> None:
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
    # A fixed mask: segno would otherwise try all 8 (half the time of a certificate).
    segno.make(data.verify_url, error="m", mask=2).save(buffer, kind="png", scale=8, border=2)
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
