"""The dashboard and the trivial route benchmarks compare against."""

from flask import Blueprint, render_template
from sqlalchemy import func, select

from rocb import access
from rocb.extensions import db, utcnow
from rocb.registry.models import Administration, RegionalEntity
from rocb.workshops.models import Session, Workshop

bp = Blueprint("core", __name__)


@bp.get("/")
@access.public
def dashboard():
    now = utcnow()
    rows = db.session.execute(
        select(Session, Workshop)
        .join(Session.workshop)
        .where(Session.end_utc >= now, Workshop.is_public.is_(True), Session.cancelled.is_(False))
        .order_by(Session.start_utc)
        .limit(60)
    ).all()
    upcoming = _by_workshop(rows, 10)
    figures = {
        "administrations": db.session.execute(select(func.count(Administration.id))).scalar_one(),
        "entities": dict(db.session.execute(
            select(RegionalEntity.kind, func.count(RegionalEntity.id))
            .where(RegionalEntity.status == "accredited").group_by(RegionalEntity.kind)
        ).all()),
        "workshops_held": db.session.execute(
            select(func.count(Workshop.id)).where(Workshop.status == "held")).scalar_one(),
    }
    from rocb.surveys.services import open_cycle

    return render_template("core/dashboard.html", upcoming=upcoming, figures=figures, survey=open_cycle(now))


def _by_workshop(rows, limit: int) -> list[dict]:
    """A multi-day workshop once: its next session, how many sessions are ahead, and the last one."""
    workshops: dict[int, dict] = {}
    for session, workshop in rows:
        entry = workshops.get(workshop.id)
        if entry is None:
            if len(workshops) == limit:
                continue
            entry = workshops[workshop.id] = {"workshop": workshop, "next": session, "last": session, "count": 0}
        entry["last"] = session
        entry["count"] += 1
    return list(workshops.values())


@bp.get("/healthz")
@access.public
def healthz():
    """Trivial route: the benchmarks' yardstick, and a liveness probe for deployments."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
