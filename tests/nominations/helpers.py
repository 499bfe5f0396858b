"""Helpers of the nomination tests: a future workshop with a call, focal points, nominees."""

from datetime import datetime, timedelta

from rocb.extensions import db, utcnow
from rocb.nominations import services
from tests.conftest import make_user
from tests.factories import administration, make_workshop


def future_workshop(title="Regional Workshop on Risk Management", days_ahead=60, zone="Asia/Bangkok", **extra):
    day = (utcnow() + timedelta(days=days_ahead)).date()
    start = datetime(day.year, day.month, day.day, 10, 0)
    return make_workshop(title, zone=zone, sessions=[(start, start + timedelta(hours=3))],
                         join_link="https://zoom.example/j/777?pwd=secret", platform="Zoom", **extra)


def deadline_ahead(days=30) -> datetime:
    day = (utcnow() + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, 17, 0)


def open_call(workshop, codes=("TH", "FJ", "JP"), quota=2, overrides="", roles=("formal participant",), **extra):
    data = {"administration_codes": list(codes), "default_quota": quota, "quota_overrides": overrides,
            "roles": list(roles), "deadline_local": deadline_ahead(), "message": "Please nominate officers.",
            "remind_days_before": 3, **extra}
    call = services.open_call(workshop, data)
    db.session.commit()
    return call


def person(i=1, code="th", role="formal participant"):
    return {"name": f"Officer {code.upper()} {i}", "email": f"officer{i}@customs.{code}.example", "role": role,
            "gender": ""}


def nominate(call, code, *people):
    made = [services.nominate(call, administration(code).id, p) for p in people]
    db.session.commit()
    return made


def focal_points():
    make_user("focal@customs.go.th", "focal_point", "TH")
    make_user("second@customs.go.th", "focal_point", "TH")
    make_user("focal@customs.gov.fj", "focal_point", "FJ")
