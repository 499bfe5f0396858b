"""Use cases of the registry. Each validates everything first, writes, audits; the view commits."""

from datetime import date

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
)
from rocb.services import ServiceError, ensure_unique, save_fields

ADMINISTRATION_FIELDS = ("code", "name", "subregion", "timezone", "working_days", "working_days_recorded",
                         "work_start", "work_end", "work_hours_recorded", "joined_on")
ORGANIZATION_FIELDS = ("name", "short_name", "kind", "timezone", "timezone_assumption", "source")
ENTITY_FIELDS = ("kind", "name", "city", "mou_signed_on", "mou_signed_precision", "established_on",
                 "established_precision", "notes", "source")
TOPIC_FIELDS = ("code", "name", "package", "source", "assumed")
FUND_FIELDS = ("code", "name", "source", "assumed")
# What an organization's zone is assumed from when staff leave it unconfirmed and no seed named it.
ZONE_ENTERED_UNCONFIRMED = "entered without a source"


def administration_by_code(code: str) -> Administration | None:
    return db.session.execute(select(Administration).where(Administration.code == code.upper())).scalar_one_or_none()


def save_administration(data: dict, admin: Administration | None = None) -> Administration:
    admin = admin or Administration()
    ensure_unique(Administration, "code", data["code"], admin, label="Code")
    ensure_unique(Administration, "name", data["name"], admin, label="Name", case_insensitive=True)
    # Hours staff change are recorded hours, whether or not they ticked the box.
    hours_changed = (admin.id is not None and "work_start" in data
                     and (data["work_start"], data.get("work_end")) != (admin.work_start, admin.work_end))
    # Likewise a working week staff change is a recorded one.
    days_changed = admin.id is not None and "working_days" in data and data["working_days"] != admin.working_days
    data = {**data, "work_hours_recorded": bool(data.get("work_hours_recorded", True) or hours_changed),
            "working_days_recorded": bool(data.get("working_days_recorded", True) or days_changed)}
    save_fields(admin, data, ADMINISTRATION_FIELDS)
    return admin


def save_organization(data: dict, org: Organization | None = None) -> Organization:
    """A zone staff change, or confirm with the box, is recorded; left unconfirmed, it keeps what it is assumed
    from."""
    org = org or Organization()
    ensure_unique(Organization, "name", data["name"], org, label="Name", case_insensitive=True)
    zone_changed = org.id is not None and "timezone" in data and data["timezone"] != org.timezone
    recorded = bool(data.get("timezone_recorded", True) or zone_changed)
    assumption = None if recorded else (org.timezone_assumption or ZONE_ENTERED_UNCONFIRMED)
    save_fields(org, {**data, "timezone_assumption": assumption, "source": data.get("source") or None},
                ORGANIZATION_FIELDS)
    return org


def save_topic(data: dict, topic: Topic | None = None) -> Topic:
    topic = topic or Topic()
    ensure_unique(Topic, "code", data["code"], topic, label="Code")
    save_fields(topic, _provenance(data), TOPIC_FIELDS)
    return topic


def save_fund(data: dict, fund: Fund | None = None) -> Fund:
    fund = fund or Fund()
    ensure_unique(Fund, "code", data["code"], fund, label="Code", case_insensitive=True)
    save_fields(fund, _provenance(data), FUND_FIELDS)
    return fund


def _provenance(data: dict) -> dict:
    """An assumed record names its assumption in its source: the badge "assumed" never stands alone."""
    assumed = bool(data.get("assumed"))
    if assumed and not data.get("source"):
        raise ServiceError({"source": "Say what is assumed, e.g. \"the project's own taxonomy; no source names "
                                      "it\"."})
    return {**data, "source": data.get("source") or None, "assumed": assumed}


def save_entity(data: dict, entity: RegionalEntity | None = None) -> RegionalEntity:
    """Create or edit an entity. A new one gets its first dated status (data["status"], data["status_on"])."""
    creating = entity is None
    entity = entity or RegionalEntity()
    ensure_unique(RegionalEntity, "name", data["name"], entity, label="Name", case_insensitive=True)
    host = administration_by_code(data.get("host_code") or "")
    if host is None:
        raise ServiceError({"host_code": "Choose the administration that hosts the entity."})
    established, signed = data.get("established_on"), data.get("mou_signed_on")
    if established and signed and established < signed and data.get("kind") != "RILO":
        raise ServiceError({"established_on": "The entity cannot be established before its MoU was signed."})
    entity.host = host
    data = {**data, "mou_signed_precision": data.get("mou_signed_precision") or "day",
            "established_precision": data.get("established_precision") or "day"}
    save_fields(entity, data, ENTITY_FIELDS)
    if creating:
        entity.status_history.append(
            EntityStatusChange(status=data.get("status") or "accredited", changed_on=data.get("status_on"))
        )
    return entity


def change_entity_status(entity: RegionalEntity, status: str, changed_on: date, note: str | None = None,
                         precision: str = "day"):
    """Add a dated status. It may not be dated before the latest dated one: history is appended, not rewritten."""
    dated = [c.changed_on for c in entity.status_history if c.changed_on is not None]
    if dated and changed_on < max(dated):
        raise ServiceError({"changed_on": f"The status cannot change before its previous change "
                                          f"({max(dated):%d %B %Y})."})
    if entity.status_history and entity.status_history[-1].status == status:
        raise ServiceError({"status": f"The entity is already {status}."})
    change = EntityStatusChange(status=status, changed_on=changed_on, note=note, changed_on_precision=precision)
    entity.status_history.append(change)
    audit.record("status", entity, {"status": [entity.status, status], "changed_on": changed_on})
    return change
