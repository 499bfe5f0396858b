"""A held workshop whose follow-up is due, with officers of Thailand, China and (as a headcount) Fiji; Tonga's officer
did not come and Japan sent an expert only (neither is followed up)."""

from datetime import timedelta

from rocb.extensions import db, utcnow
from tests.conftest import make_user
from tests.factories import make_headcount, make_participant, make_workshop


def held_workshop_ended(days_ago=190, title="Regional Workshop on AEO", topics=("aeo",)):
    last = utcnow().date() - timedelta(days=days_ago)
    w = make_workshop(title, sessions=[last - timedelta(days=1), last], status="held", topics=topics)
    make_participant(w, "สมชาย ใจดี", "somchai@customs.go.th", "TH", commit=False)
    make_participant(w, "Anan Chai", "anan@customs.go.th", "TH", commit=False)
    make_participant(w, "王小明", "wang@customs.gov.cn", "CN", commit=False)
    make_participant(w, "Mele Tupou", "mele@customs.gov.to", "TO", attended=False, commit=False)
    make_participant(w, "Kenji Sato", "kenji@customs.go.jp", "JP", role="expert", commit=False)
    make_headcount(w, count=3, code="FJ", commit=False)
    db.session.commit()
    return w


def focal_points():
    """Two focal points of Thailand, one of China (Fiji has none)."""
    return [make_user("focal@customs.go.th", "focal_point", "TH"),
            make_user("focal2@customs.go.th", "focal_point", "TH"),
            make_user("focal@customs.gov.cn", "focal_point", "CN")]
