"""The ROCB team (seed/staff.csv) and the activities of E-Newsletter No.72 (seed/workshops.csv).

Idempotent: a workshop is found by its natural key, title + first day; its whole-day sessions by their day;
its total headcounts by role. A second `flask seed` changes nothing.
"""

from datetime import timedelta

from sqlalchemy import select

from rocb import audit
from rocb.extensions import db, utcnow
from rocb.registry.models import Administration, Fund, Organization, RegionalEntity, Topic
from rocb.seed import SeedReport, as_date, read_rows, upsert
from rocb.workshops.models import Headcount, Session, StaffMember, Workshop
from rocb.workshops.times import whole_day_session


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def load(report: SeedReport, seed_dir=None) -> None:
    admins = {a.code: a for a in db.session.execute(select(Administration)).scalars()}
    for r in read_rows("staff.csv", seed_dir):
        home = admins.get(r["home_administration"])
        upsert(StaffMember, {"name": r["name"]}, {
            "position": r["position"] or None, "home_administration_id": home.id if home else None,
            "active": r["active"].lower() == "yes", "note": r["note"] or None,
        }, report, "staff")
    db.session.flush()
    for r in read_rows("workshops.csv", seed_dir):
        _workshop(r, admins, report)


def _lookup(model, column, names):
    rows = {getattr(x, column): x for x in db.session.execute(
        select(model).where(getattr(model, column).in_(names))).scalars()}
    missing = [n for n in names if n not in rows]
    if missing:
        raise ValueError(f"seed/workshops.csv names unknown {model.__name__} {missing}")
    return [rows[n] for n in names]


def _organizations(names):
    rows = db.session.execute(select(Organization)).scalars().all()
    by = {o.short_name: o for o in rows} | {o.name: o for o in rows}
    return [by[n] for n in names]


def _host(text: str, admins):
    kind, _, key = text.partition(":")
    if kind == "administration":
        return {"host_administration_id": admins[key].id}
    if kind == "entity":
        return {"host_entity_id": _lookup(RegionalEntity, "name", [key])[0].id}
    return {"host_organization_id": _organizations([key])[0].id}


def _links(workshop, report, is_new: bool, **wanted) -> None:
    changed = False
    for attribute, rows in wanted.items():
        if {x.id for x in getattr(workshop, attribute)} != {x.id for x in rows}:
            setattr(workshop, attribute, rows)
            changed = True
    if changed and not is_new:
        report.count("updated", "workshop links")


def _workshop(r: dict, admins, report: SeedReport) -> None:
    first, last = as_date(r["start_date"]), as_date(r["end_date"])
    headcounts = [(role, int(r[col])) for role, col in (("formal participant", "formal_participants"),
                                                        ("observer", "observers")) if r[col]]
    admins_count = int(r["administrations_count"]) if r["administrations_count"] else None
    values = {
        "last_day": last, "mode": r["mode"], "kind": r["kind"], "status": r["status"], "is_public": True,
        "reference_zone": r["zone"], "venue_city": r["venue_city"] or None, "host_label": r["host_label"] or None,
        "other_participants_note": r["other_participants"] or None, "source": r["source"] or None,
        "host_administration_id": None, "host_entity_id": None, "host_organization_id": None,
        # Figures per role carry the number of administrations; a record without them keeps it on the workshop.
        "reported_administrations_count": None if headcounts else admins_count,
        **_host(r["host"], admins),
    }
    before = report.created.get("workshops", 0)
    workshop = upsert(Workshop, {"title": r["title"], "first_day": first}, values, report, "workshops")
    db.session.flush()
    _links(workshop, report, report.created.get("workshops", 0) > before,
           topics=_lookup(Topic, "code", _split(r["topics"])), funds=_lookup(Fund, "code", _split(r["funds"])),
           # The newsletter names administrations that attended (the MTP meeting's six Pacific members, the Data
           # Analytics presenters): present, not merely invited. An "invited" column, if a file has one, is the call.
           attending_administrations=[admins[c] for c in _split(r.get("attended", ""))],
           invited_administrations=[admins[c] for c in _split(r.get("invited", ""))],
           organizer_administrations=[admins[c] for c in _split(r["organizer_administrations"])],
           organizer_organizations=_organizations(_split(r["organizer_organizations"])),
           organizer_entities=_lookup(RegionalEntity, "name", _split(r["organizer_entities"])),
           facilitators=_lookup(StaffMember, "name", _split(r["rocb_staff"])))
    day = first
    while day <= last:
        _whole_day(workshop, day, report)
        day += timedelta(days=1)
    for index, (role, count) in enumerate(headcounts):
        upsert(Headcount, {"workshop_id": workshop.id, "role": role, "administration_id": None},
               {"count": count, "administrations_count": admins_count if index == 0 else None},
               report, "headcounts")


def _whole_day(workshop: Workshop, day, report: SeedReport) -> None:
    times = whole_day_session(day, workshop.reference_zone, utcnow().date())
    existing = db.session.execute(
        select(Session).filter_by(workshop_id=workshop.id, local_start=times.local_start)).scalar_one_or_none()
    if existing is None:
        session = Session(workshop_id=workshop.id, all_day=True, zone=workshop.reference_zone,
                          local_start=times.local_start, local_end=times.local_end,
                          start_utc=times.start_utc, end_utc=times.end_utc)
        db.session.add(session)
        audit.record("create", session, {"workshop_id": workshop.id, "day": day}, actor="seed")
        report.count("created", "sessions")
