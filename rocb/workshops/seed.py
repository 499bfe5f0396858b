"""The ROCB team (seed/staff.csv) and the activities of E-Newsletter No.72 (seed/workshops.csv).

Idempotent: a workshop is found by its natural key, title + first day; its whole-day sessions by their day;
its total headcounts by role; its links (organizers, funds, staff, parties) are compared in the order the file
names them. A second `flask seed` changes nothing.

The newsletter gives dates, not times, nor the zone they were agreed in: a seeded workshop has no reference zone,
and its whole days are anchored at UTC for sorting only (shown as dates, never as times; the API gives them no
zone, null).
"""

from datetime import timedelta

from sqlalchemy import delete, insert, select

from rocb import audit
from rocb.extensions import db, utcnow
from rocb.registry.models import Administration, Fund, Organization, RegionalEntity, Topic
from rocb.seed import SeedReport, as_date, read_rows, upsert
from rocb.workshops.models import (
    Headcount,
    Session,
    StaffMember,
    Workshop,
    WorkshopParty,
    workshop_facilitators,
    workshop_funds,
    workshop_organizer_administrations,
    workshop_organizer_entities,
    workshop_organizer_organizations,
    workshop_topics,
)
from rocb.workshops.times import whole_day_session

DATE_ONLY_ANCHOR = "UTC"
PARTY_COLUMNS = {"attended": "attended", "presented": "presented", "guest_speakers": "guest speaker",
                 "experts": "experts", "partners": "partner", "opening_speakers": "opening speaker"}
# People, not bodies: the newsletter's words for them ("Dr. Kunio Mikuriya, the WCO Secretary General") are kept as
# the party's label, linked to no administration (which would read as the administration's participation).
PEOPLE_COLUMNS = ("opening_speakers",)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def load(report: SeedReport, seed_dir=None) -> None:
    admins = {a.code: a for a in db.session.execute(select(Administration)).scalars()}
    for r in read_rows("staff.csv", seed_dir):
        home = admins.get(r["home_administration"])
        upsert(StaffMember, {"name": r["name"]}, {
            "honorific": r["honorific"] or None, "position": r["position"] or None,
            "home_administration_id": home.id if home else None, "active": r["active"].lower() == "yes",
            "note": r["note"] or None, "source": r["source"] or None,
        }, report, "staff")
    db.session.flush()
    resolver = _Resolver(admins)
    for r in read_rows("workshops.csv", seed_dir):
        _workshop(r, resolver, report)


class _Resolver:
    """Names in the file to rows: an administration code, a regional entity, an organization; 'X=label' keeps the
    source's own name for it ('JP=Japan Customs')."""

    def __init__(self, admins):
        self.admins = admins
        self.entities = {e.name: e for e in db.session.execute(select(RegionalEntity)).scalars()}
        orgs = db.session.execute(select(Organization)).scalars().all()
        self.orgs = {o.short_name: o for o in orgs} | {o.name: o for o in orgs}

    def party(self, text: str):
        name, _, label = text.partition("=")
        name = name.strip()
        for kind, rows in (("administration", self.admins), ("entity", self.entities), ("organization", self.orgs)):
            if name in rows:
                return kind, rows[name], label.strip() or None
        raise ValueError(f"seed/workshops.csv names {name!r}: no administration, regional entity or organization")

    def rows(self, model, column, names):
        found = {getattr(x, column): x for x in db.session.execute(
            select(model).where(getattr(model, column).in_(names))).scalars()}
        missing = [n for n in names if n not in found]
        if missing:
            raise ValueError(f"seed/workshops.csv names unknown {model.__name__} {missing}")
        return [found[n] for n in names]


def _sync(table, other: str, workshop_id: int, wanted: list[dict]) -> bool:
    """Make the workshop's link rows exactly `wanted` (each {other: id, position: n, ...}); True if changed."""
    columns = [c for c in table.c if c.name != "workshop_id"]
    have = {tuple(row) for row in db.session.execute(
        select(*columns).where(table.c.workshop_id == workshop_id))}
    want = {tuple(w.get(c.name) for c in columns) for w in wanted}
    if have == want:
        return False
    db.session.execute(delete(table).where(table.c.workshop_id == workshop_id))
    if wanted:
        db.session.execute(insert(table), [{"workshop_id": workshop_id, **w} for w in wanted])
    return True


def _links(workshop: Workshop, r: dict, resolver: _Resolver) -> bool:
    organizers = {"administration": [], "entity": [], "organization": []}
    for position, text in enumerate(_split(r["organizers"])):
        kind, row, _ = resolver.party(text)
        organizers[kind].append({"position": position, "id": row.id})
    changed = False
    for kind, table, column in (("administration", workshop_organizer_administrations, "administration_id"),
                                ("entity", workshop_organizer_entities, "regional_entity_id"),
                                ("organization", workshop_organizer_organizations, "organization_id")):
        changed |= _sync(table, column, workshop.id,
                         [{column: o["id"], "position": o["position"]} for o in organizers[kind]])
    funds = resolver.rows(Fund, "code", _split(r["funds"]))
    changed |= _sync(workshop_funds, "fund_id", workshop.id,
                     [{"fund_id": f.id, "position": i} for i, f in enumerate(funds)])
    topics = resolver.rows(Topic, "code", _split(r["topics"]))
    changed |= _sync(workshop_topics, "topic_id", workshop.id,
                     [{"topic_id": t.id, "position": 0} for t in topics])
    staff = resolver.rows(StaffMember, "name", _split(r["rocb_staff"]))
    changed |= _sync(workshop_facilitators, "staff_member_id", workshop.id,
                     [{"staff_member_id": s.id, "position": i, "role": r["staff_role"] or "facilitator"}
                      for i, s in enumerate(staff)])
    return changed | _parties(workshop, r, resolver)


def _parties(workshop: Workshop, r: dict, resolver: _Resolver) -> bool:
    wanted = []
    for column, relation in PARTY_COLUMNS.items():
        for position, text in enumerate(_split(r[column])):
            if column in PEOPLE_COLUMNS:
                wanted.append((relation, position, None, None, None, text))
                continue
            kind, row, label = resolver.party(text)
            wanted.append((relation, position, row.id if kind == "administration" else None,
                           row.id if kind == "organization" else None, row.id if kind == "entity" else None, label))
    have = [(p.relation, p.position, p.administration_id, p.organization_id, p.entity_id, p.label)
            for p in db.session.execute(select(WorkshopParty).where(WorkshopParty.workshop_id == workshop.id)
                                        .order_by(WorkshopParty.id)).scalars()]
    if sorted(have, key=repr) == sorted(wanted, key=repr):
        return False
    db.session.execute(delete(WorkshopParty).where(WorkshopParty.workshop_id == workshop.id))
    for relation, position, admin_id, org_id, entity_id, label in wanted:
        db.session.add(WorkshopParty(workshop_id=workshop.id, relation=relation, position=position,
                                     administration_id=admin_id, organization_id=org_id, entity_id=entity_id,
                                     label=label))
    return True


def _host(text: str, label: str, resolver: _Resolver) -> dict:
    values = {"host_administration_id": None, "host_entity_id": None, "host_organization_id": None,
              "host_label": label or None}
    if text:
        kind, row, _ = resolver.party(text)
        values[f"host_{kind}_id"] = row.id
    return values


def _workshop(r: dict, resolver: _Resolver, report: SeedReport) -> None:
    first, last = as_date(r["start_date"]), as_date(r["end_date"])
    headcounts = []
    if r["formal_participants"]:
        headcounts.append(("formal participant", int(r["formal_participants"]), {
            "precision": r["formal_precision"] or "exact", "noun": r["formal_noun"] or None,
            "detail": r["formal_detail"] or None}))
    if r["observers"]:
        headcounts.append(("observer", int(r["observers"]), {"precision": "exact", "noun": None, "detail": None}))
    admins_count = int(r["administrations_count"]) if r["administrations_count"] else None
    values = {
        "last_day": last, "mode": r["mode"], "kind": r["kind"], "status": r["status"], "is_public": True,
        "reference_zone": None, "venue_city": r["venue_city"] or None,
        "other_participants_note": r["other_participants"] or None, "description": r["narrative"] or None,
        "source": r["source"] or None,
        # Figures per role carry the number of administrations; a record without them keeps it on the workshop.
        "reported_administrations_count": None if headcounts else admins_count,
        **_host(r["host"], r["host_label"], resolver),
    }
    before = report.created.get("workshops", 0)
    workshop = upsert(Workshop, {"title": r["title"], "first_day": first}, values, report, "workshops")
    db.session.flush()
    if _links(workshop, r, resolver) and report.created.get("workshops", 0) == before:
        report.count("updated", "workshop links")
    db.session.expire(workshop)
    day = first
    while day <= last:
        _whole_day(workshop, day, report)
        day += timedelta(days=1)
    for index, (role, count, extra) in enumerate(headcounts):
        upsert(Headcount, {"workshop_id": workshop.id, "role": role, "administration_id": None},
               {"count": count, "administrations_count": admins_count if index == 0 else None, **extra},
               report, "headcounts")


def _whole_day(workshop: Workshop, day, report: SeedReport) -> None:
    times = whole_day_session(day, DATE_ONLY_ANCHOR, utcnow().date())
    existing = db.session.execute(
        select(Session).filter_by(workshop_id=workshop.id, local_start=times.local_start)).scalar_one_or_none()
    if existing is None:
        session = Session(workshop_id=workshop.id, all_day=True, zone=DATE_ONLY_ANCHOR,
                          local_start=times.local_start, local_end=times.local_end,
                          start_utc=times.start_utc, end_utc=times.end_utc)
        db.session.add(session)
        audit.record("create", session, {"workshop_id": workshop.id, "day": day}, actor="seed")
        report.count("created", "sessions")
