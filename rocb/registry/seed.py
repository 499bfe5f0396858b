"""The registry's reference data from seed/: administrations, organizations, topics, funds, entities, Vice-Chairs."""

from sqlalchemy import select

from rocb import audit
from rocb.extensions import db
from rocb.precision import parse_partial_date, span
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

# The sources give no working hours: a row without them gets this default, marked as not recorded.
ASSUMED_HOURS = ("09:00", "17:00")


def _flag(value: str) -> bool:
    """A yes/no column of a seed file: "yes" is True, empty or "no" is False; anything else is a typo."""
    value = value.strip().lower()
    if value not in ("yes", "no", ""):
        raise ValueError(f"a yes/no column of seed/ holds {value!r}")
    return value == "yes"


def load(report: SeedReport, seed_dir=None) -> None:
    admins = {}
    for r in read_rows("administrations.csv", seed_dir):
        values = {"name": r["name"], "subregion": r["subregion"], "timezone": r["timezone"],
                  "joined_on": as_date(r["joined_on"]), "source": r["source"]}
        # The working week: a recorded one is written; an assumed one (the reference's best-known default) too,
        # until staff set the week themselves (then theirs is kept).
        days_recorded = _flag(r["working_days_recorded"])
        existing = db.session.execute(select(Administration).filter_by(code=r["code"])).scalar_one_or_none()
        if days_recorded or existing is None or not existing.working_days_recorded:
            values |= {"working_days": r["working_days"], "working_days_recorded": days_recorded}
        hours = {"work_start": as_time(r["work_start"]), "work_end": as_time(r["work_end"]),
                 "work_hours_recorded": True}
        assumed = {"work_start": as_time(ASSUMED_HOURS[0]), "work_end": as_time(ASSUMED_HOURS[1]),
                   "work_hours_recorded": False}
        # Hours the file gives are written; without them, a new row gets the assumed default and a row staff
        # have edited keeps what they set.
        recorded = bool(r["work_start"] and r["work_end"])
        admins[r["code"]] = upsert(Administration, {"code": r["code"]}, values | (hours if recorded else {}),
                                   report, "administrations", on_create=None if recorded else assumed)
    for r in read_rows("organizations.csv", seed_dir):
        # timezone_assumed names what an assumed zone is taken from ("its seat, Paris"); empty: the source gives
        # it. An assumed zone does not replace one staff have recorded since.
        values = {"short_name": r["short_name"] or None, "kind": r["kind"], "source": r["source"]}
        existing = db.session.execute(select(Organization).filter_by(name=r["name"])).scalar_one_or_none()
        if not r["timezone_assumed"] or existing is None or not existing.timezone_recorded:
            values |= {"timezone": r["timezone"], "timezone_assumption": r["timezone_assumed"] or None}
        upsert(Organization, {"name": r["name"]}, values, report, "organizations")
    for r in read_rows("topics.csv", seed_dir):
        upsert(Topic, {"code": r["code"]}, {"name": r["name"], "package": r["package"], "source": r["source"],
                                               "assumed": _flag(r["assumed"])}, report, "topics")
    for r in read_rows("funds.csv", seed_dir):
        upsert(Fund, {"code": r["code"]}, {"name": r["name"], "kind": r["kind"], "source": r["source"],
                                           "assumed": _flag(r["assumed"])}, report, "funds")
    db.session.flush()

    entities = {}
    for r in read_rows("entities.csv", seed_dir):
        mou, mou_precision = parse_partial_date(r["mou_signed_on"])
        established, established_precision = parse_partial_date(r["established_on"])
        entities[r["name"]] = upsert(RegionalEntity, {"name": r["name"]}, {
            "kind": r["kind"], "host_id": admins[r["host_code"]].id, "city": r["city"] or None,
            "mou_signed_on": mou, "mou_signed_precision": mou_precision or "day",
            "established_on": established, "established_precision": established_precision or "day",
            "notes": r["notes"] or None, "source": r["source"] or None,
        }, report, "entities")
    db.session.flush()
    claimed: set[int] = set()
    for r in read_rows("entity_status_history.csv", seed_dir):
        changed_on, precision = parse_partial_date(r["changed_on"])
        _status(entities[r["entity"]], r["status"], {
            "changed_on": changed_on, "changed_on_precision": precision or "day", "note": r["note"] or None,
            "source": r["source"] or None}, report, claimed)

    for r in read_rows("vice_chair_terms.csv", seed_dir):
        upsert(ViceChairTerm, {"from_year": int(r["from_year"])}, {
            "administration_id": admins[r["host_code"]].id, "to_year": int(r["to_year"]),
            "source": r["source"] or None,
        }, report, "vice-chair terms")


def _status(entity, status, values: dict, report: SeedReport, claimed: set[int]) -> None:
    """Create or update one dated status of an entity from the file.

    The record is the same status of the same entity; of several, the one with the same date, else the one from
    the same source, else the one whose date a less precise date covers (or covers it): a correction of its date
    or of its precision ("2018" -> "2018-05-04") updates it rather than adding a second record. `claimed`: the
    records rows of the file already matched in this run."""
    candidates = [c for c in db.session.execute(
        select(EntityStatusChange).filter_by(entity_id=entity.id, status=status).order_by(EntityStatusChange.id)
    ).scalars() if c.id not in claimed]
    existing = _same_record(candidates, values)
    if existing is None:
        change = EntityStatusChange(entity_id=entity.id, status=status, **values)
        db.session.add(change)
        db.session.flush()
        claimed.add(change.id)
        audit.record("status", entity, {"status": status, "changed_on": values["changed_on"]}, actor="seed")
        report.count("created", "entity statuses")
        return
    claimed.add(existing.id)
    changes = {k: [getattr(existing, k), v] for k, v in values.items() if getattr(existing, k) != v}
    if changes:
        for k, (_, v) in changes.items():
            setattr(existing, k, v)
        audit.record("update", entity, {"status": status, **changes}, actor="seed")
        report.count("updated", "entity statuses")


def _same_record(candidates: list[EntityStatusChange], values: dict) -> EntityStatusChange | None:
    day, precision = values["changed_on"], values["changed_on_precision"]
    for same in (lambda c: c.changed_on == day,
                 lambda c: c.source is not None and c.source == values["source"],
                 lambda c: _overlap(c.changed_on, c.changed_on_precision, day, precision)):
        found = [c for c in candidates if same(c)]
        if len(found) == 1:
            return found[0]
    return None


def _overlap(a, a_precision, b, b_precision) -> bool:
    if a is None or b is None:
        return False
    (a_first, a_last), (b_first, b_last) = span(a, a_precision), span(b, b_precision)
    return a_first <= b_last and b_first <= a_last
