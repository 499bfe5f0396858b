"""The certificate as a PDF: names in every script of the region are covered by the font used and are in the text,
the QR code decodes to the verification address."""

import pytest

from rocb.certificates.render import CertificateData, fallbacks_for, missing_glyphs, render, render_many
from rocb.certificates.rules import refusal
from rocb.workshops.rates import Rate
from tests.certificates.pdf import pdf_text, qr_texts

NAMES = {
    "Thai": ("สมชาย ใจดี", "NotoSansThai"),
    "Chinese": ("王小明", "NotoSansCJK"),
    "Devanagari": ("राजेश कुमार", "NotoSansDevanagari"),
    "Mongolian Cyrillic": ("Батбаяр Дорж Өлзий", None),
    "Latin with diacritics": ("Nguyễn Thị Hồng Nhung", None),
}


def _data(name, **kw):
    return CertificateData(holder=name, administration="Thai Customs Department",
                           workshop_title="Regional Workshop on Risk Management", dates="14-16 May 2025",
                           organizers=["WCO ROCB A/P"], funds=["Customs Co-operation Fund of Japan"],
                           attendance="4 of 5 sessions", code="ABCDE-23456",
                           verify_url="http://capacity.example.org/certificates/ABCDE-23456", **kw)


@pytest.mark.parametrize("script", list(NAMES))
def test_a_name_in_each_script_is_covered_and_readable_in_the_pdf(script):
    name, fallback = NAMES[script]
    assert missing_glyphs(name) == []
    assert fallbacks_for(name) == ([fallback] if fallback else [])
    text = pdf_text(render(_data(name)))
    assert name in text
    assert "Regional Workshop on Risk Management" in text and "14-16 May 2025 (4 of 5 sessions)" in text
    assert "Funded by Customs Co-operation Fund of Japan" in text and "Verification code ABCDE-23456" in text


def test_a_character_no_font_has_is_named():
    assert missing_glyphs("Ann \U0001F600") == ["\U0001F600"]


def test_the_qr_code_decodes_to_the_verification_address():
    assert qr_texts(render(_data("สมชาย ใจดี"))) == ["http://capacity.example.org/certificates/ABCDE-23456"]


def test_below_the_rule_the_reason_is_given():
    assert refusal("held", True, Rate(3, 5), 80) == ("Attended 3 of 5 sessions (60 %); a certificate needs at least "
                                                     "80 % of the sessions.")
    assert refusal("held", True, Rate(4, 5), 80) is None
    assert refusal("held", True, None, 80) is None  # attendance not kept per session: attended is the rule
    assert refusal("held", False, None, 80) == "This participant is not recorded as having attended."
    assert refusal("planned", True, Rate(5, 5), 80).startswith("The workshop is not recorded as held yet")


def test_many_at_once_are_separate_pdfs_each_with_its_own_holder_and_qr():
    items = [_data(name) for name, _ in NAMES.values()]
    items = [CertificateData(**{**d.__dict__, "code": f"ABCDE-2345{i}",
                                "verify_url": f"http://capacity.example.org/certificates/ABCDE-2345{i}"})
             for i, d in enumerate(items)]
    pdfs = render_many(items)
    assert len(pdfs) == len(items)
    for i, (item, pdf) in enumerate(zip(items, pdfs, strict=True)):
        text = pdf_text(pdf)
        assert item.holder in text and all(o.holder not in text for o in items if o is not item)
        assert qr_texts(pdf) == [f"http://capacity.example.org/certificates/ABCDE-2345{i}"]
