"""Read a certificate back as a reader would: its text (PDFium, Chrome's PDF engine) and its QR code, decoded from
the page rendered to an image (zxing-cpp)."""

import pypdfium2
import zxingcpp


def pdf_text(data: bytes) -> str:
    doc = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def qr_texts(data: bytes) -> list[str]:
    doc = pypdfium2.PdfDocument(data)
    try:
        image = doc[0].render(scale=2).to_pil()
    finally:
        doc.close()
    return [r.text for r in zxingcpp.read_barcodes(image)]
