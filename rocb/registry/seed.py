"""The registry's reference data from seed/: administrations, organizations, topics, funds, entities, Vice-Chairs."""

from sqlalchemy import select

from rocb import audit
from rocb.extensions import db
from rocb.registry.models import (
    Administration,
    EntityStatusChange,
    Fund,
    Organization,
    RegionalEntity,
    Topic,
    ViceChairTerm,
)
from rocb.seed import SeedReport, as_date, as_time, read_rows, upsert


def load(report: SeedReport, seed_dir=None) -> None:
    admins = {}
    for r in read_rows("administrations.csv", seed_dir):
        admins[r["code"]] = upsert(Administration, {"code": r["code"]}, {
            "name": r["name"], "subregion": r["subregion"], "timezone": r["timezone"],
            "working_days": r["working_days"], "work_start": as_time(r["work_start"]),
            "work_end": as_time(r["work_end"]), "joined_on": as_date(r["joined_on"]),
        }, report, "administrations")
    for r in read_rows("organizations.csv", seed_dir):
        upsert(Organization, {"name": r["name"]}, {
            "short_name": r["short_name"] or None, "kind": r["kind"], "timezone": r["timezone"],
        }, report, "organizations")
    for r in read_rows("topics.csv", seed_dir):
        upsert(Topic, {"code": r["code"]}, {"name": r["name"], "package": r["package"]}, report, "topics")
    for r in read_rows("funds.csv", seed_dir):
        upsert(Fund, {"code": r["code"]}, {"name": r["name"]}, report, "funds")
    db.session.flush()

    entities = {}
    for r in read_rows("entities.csv", seed_dir):
        entities[r["name"]] = upsert(RegionalEntity, {"name": r["name"]}, {
            "kind": r["kind"], "host_id": admins[r["host_code"]].id, "city": r["city"] or None,
            "mou_signed_on": as_date(r["mou_signed_on"]), "established_on": as_date(r["established_on"]),
            "notes": r["notes"] or None, "source": r["source"] or None,
        }, report, "entities")
    db.session.flush()
    for r in read_rows("entity_status_history.csv", seed_dir):
        _status(entities[r["entity"]], r["status"], as_date(r["changed_on"]), r["note"] or None, report)

    for r in read_rows("vice_chair_terms.csv", seed_dir):
        upsert(ViceChairTerm, {"from_year": int(r["from_year"])}, {
            "administration_id": admins[r["host_code"]].id, "to_year": int(r["to_year"]),
            "source": r["source"] or None,
        }, report, "vice-chair terms")


def _status(entity, status, changed_on, note, report: SeedReport) -> None:
    # A status record is identified by its entity, status and date; its note may be edited.
    same_day = (EntityStatusChange.changed_on.is_(None) if changed_on is None
                else EntityStatusChange.changed_on == changed_on)
    existing = db.session.execute(
        select(EntityStatusChange).filter_by(entity_id=entity.id, status=status).where(same_day)
    ).scalar_one_or_none()
    if existing is None:
        change = EntityStatusChange(entity_id=entity.id, status=status, changed_on=changed_on, note=note)
        db.session.add(change)
        audit.record("status", entity, {"status": status, "changed_on": changed_on}, actor="seed")
        report.count("created", "entity statuses")
    elif existing.note != note:
        existing.note = note
        report.count("updated", "entity statuses")
