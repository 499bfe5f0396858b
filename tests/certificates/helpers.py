from datetime import datetime

from rocb.extensions import db
from rocb.workshops import presence
from tests.factories import make_participant, make_workshop

SESSIONS = [(datetime(2026, 3, d, 10), datetime(2026, 3, d, 12)) for d in (2, 3, 4, 5, 6)]


def held_workshop():
    """Five sessions; Somchai (Thai script) came to all, Wang to four, Anan to two, Mele to none."""
    w = make_workshop("Regional Workshop on Post-Clearance Audit", status="held", sessions=SESSIONS)
    somchai = make_participant(w, "สมชาย ใจดี", "somchai@customs.go.th", "TH")
    wang = make_participant(w, "王小明", "wang@customs.gov.cn", "CN")
    anan = make_participant(w, "Anan Chai", "anan@customs.go.th", "TH")
    mele = make_participant(w, "Mele Tupou", "mele@customs.gov.to", "TO")
    s = [x.id for x in w.sessions]
    ticks = {(somchai.id, x) for x in s} | {(wang.id, x) for x in s[:4]} | {(anan.id, x) for x in s[:2]}
    presence.record_ticks(w, ticks)
    db.session.commit()
    return w, somchai, wang, anan, mele
