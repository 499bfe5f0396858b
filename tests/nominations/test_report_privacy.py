"""Attendance rates in the public activity report stay per administration: no participant is named in any of
its formats (names and e-mails are personal data; the rate per participant is on the workshop page, for staff
and the participant's own administration)."""

import csv
import io

from docx import Document

from tests.workshops.test_attendance_pages import _held

PERIOD = "/reports/activity?from=2026-01-01&to=2026-03-31"


def test_the_activity_report_gives_rates_per_administration_and_names_nobody(seeded, staff_client):
    w, (somchai, _anan, mele) = _held()
    first, _second = w.sessions
    staff_client.post(f"/workshops/{w.id}/attendance", data={"present": [f"{somchai.id}-{first.id}",
                                                                          f"{mele.id}-{first.id}"]})
    public = seeded.test_client().get(PERIOD)  # anonymous
    assert public.status_code == 200
    texts = {
        "page": public.get_data(as_text=True),
        "md": staff_client.get(PERIOD + "&format=md").get_data(as_text=True),
        "csv": "\n".join(",".join(r) for r in csv.reader(io.StringIO(staff_client.get(PERIOD + "&format=csv")
                                                                       .get_data(as_text=True)))),
        "docx": "\n".join(p.text for p in Document(io.BytesIO(staff_client.get(PERIOD + "&format=docx").data))
                          .paragraphs),
    }
    for kind, text in texts.items():
        assert "TH 25%, TO 50%" in text, kind
        for who in ("Somchai", "Jaidee", "Anan Chai", "Mele Tupou", "@customs"):
            assert who not in text, (kind, who)
