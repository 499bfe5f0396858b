"""The activity report as a Word document (python-docx). Pure: no Flask, no database.

Built on Word's own styles so that a newsletter editor can restyle it in one place: "Title" for the section,
"Heading 1" for each activity and for the closing parts, and two named paragraph styles of its own, "Date line"
and "Source", based on "Normal".
"""

import io
from datetime import date

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from rocb.workshops.report import ActivityEntry, EntityNews, Totals, date_range, paragraphs, sorted_entries
from rocb.workshops.report_text import NEWS_SECTION, SECTION, TOTALS_SECTION

DATE_LINE = "Date line"
SOURCE = "Source"


def _styles(document) -> None:
    styles = document.styles
    date_line = styles.add_style(DATE_LINE, WD_STYLE_TYPE.PARAGRAPH)
    date_line.base_style = styles["Normal"]
    date_line.font.italic = True
    date_line.paragraph_format.space_after = Pt(8)
    source = styles.add_style(SOURCE, WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = styles["Normal"]
    source.font.size = Pt(8)


def to_docx(entries: list[ActivityEntry], news: list[EntityNews], totals: Totals, first: date,
            last: date) -> bytes:
    document = Document()
    _styles(document)
    document.core_properties.title = f"{SECTION}, {date_range(first, last)}"
    document.core_properties.author = "WCO ROCB A/P"
    document.add_heading(SECTION, level=0)
    document.add_paragraph(date_range(first, last), style=DATE_LINE)
    if not entries:
        document.add_paragraph("No workshop or meeting in this period.")
    for e in sorted_entries(entries):
        document.add_heading(e.title, level=1)
        document.add_paragraph(e.heading, style=DATE_LINE)
        for text in paragraphs(e):
            document.add_paragraph(text)
        if e.source:
            document.add_paragraph(f"Source: {e.source}.", style=SOURCE)
    if news:
        document.add_heading(NEWS_SECTION, level=1)
        for n in news:
            document.add_paragraph(n.line, style="List Bullet")
    document.add_heading(TOTALS_SECTION, level=1)
    for line in totals.lines():
        document.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
