"""Use cases of the needs survey that write: cycles, saving and submitting a response, reopening, import.

Every write records an audit entry; the caller (a view or a command) commits. Read-only helpers live in
rocb.surveys.reports and are re-exported here for the views of other packages (planner, dashboard, analytics).
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from rocb import access, audit
from rocb.extensions import db, utcnow
from rocb.registry.models import Administration, Topic
from rocb.services import ServiceError, ensure_unique
from rocb.surveys.exports import ImportRow
from rocb.surveys.models import CycleTopic, NeedItem, SurveyCycle, SurveyResponse, delivery_window_of
from rocb.surveys.reports import (  # noqa: F401  (the read side, for other packages)
    cycle_rows,
    need_item_rows,
    open_cycle,
    preferred_windows,
)

GENERAL_FIELDS = {"window_start": "Online sessions from", "window_end": "Online sessions until",
                  "languages": "Preferred languages", "contact_person": "Contact person",
                  "other_needs": "Other needs"}
ITEM_FIELDS = ("priority", "officers", "mode", "quarters", "comment")
DEFAULT_ITEM = {"priority": "none", "officers": 0, "mode": "any", "quarters": "", "comment": ""}


@dataclass(frozen=True)
class Difference:
    """A value someone else saved (theirs) next to the one this person typed (yours)."""

    label: str
    theirs: object
    yours: object


class VersionConflict(ServiceError):
    """Someone saved the response after this person opened it. Nothing was written."""

    def __init__(self, differences: list[Difference], current_version: int | None):
        self.differences = differences
        self.current_version = current_version
        super().__init__("Someone else saved this response after you opened it. Nothing of yours was saved yet: "
                         "compare the values below, then save again to keep yours.")


def _actor() -> str:
    if has_request_context() and current_user.is_authenticated:
        return current_user.email
    return "cli"


# ---------------------------------------------------------------- cycles


def create_cycle(data: dict) -> SurveyCycle:
    """data: year, title, opens_at, closes_at (aware instants), topic_codes, window_start, window_end."""
    ensure_unique(SurveyCycle, "year", data["year"], label="A cycle for the year")
    _check_dates(data["opens_at"], data["closes_at"])
    _check_window(data["closes_at"], data.get("window_start"), data.get("window_end"))
    codes = list(dict.fromkeys(data.get("topic_codes") or []))
    topics = {t.code: t for t in db.session.execute(select(Topic).where(Topic.code.in_(codes))).scalars()}
    unknown = [c for c in codes if c not in topics]
    if unknown or not codes:
        raise ServiceError({"topic_codes": f"Unknown topic {unknown[0]!r}." if unknown else "Choose topics."})
    cycle = SurveyCycle(year=data["year"], title=data["title"], opens_at=data["opens_at"],
                        closes_at=data["closes_at"], window_start=data.get("window_start"),
                        window_end=data.get("window_end"), demo=bool(data.get("demo")))
    # Frozen copies: renaming a topic later does not rewrite what this cycle asked.
    cycle.topics = [CycleTopic(topic_id=topics[c].id, code=c, name=topics[c].name, package=topics[c].package,
                               position=i) for i, c in enumerate(codes)]
    db.session.add(cycle)
    audit.record("create", cycle, {"year": cycle.year, "opens_at": cycle.opens_at, "closes_at": cycle.closes_at,
                                   "topics": codes})
    return cycle


def _check_dates(opens_at: datetime, closes_at: datetime) -> None:
    if closes_at <= opens_at:
        raise ServiceError({"closes_at": "The survey must close after it opens."})


def _check_window(closes_at: datetime, start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ServiceError({"window_end": "The delivery window must end after it starts."})
    default_start, default_end = delivery_window_of(closes_at.date())
    if start and not end and start > default_end:
        raise ServiceError({"window_start": f"Without an end, the window ends on {default_end:%d %B %Y} (12 months "
                                            "after the survey closes): start before that, or give the end too."})
    if end and not start and end < default_start:
        raise ServiceError({"window_end": f"Without a start, the window starts on {default_start:%d %B %Y} (the "
                                          "day after the survey closes): end after that, or give the start too."})


def response_count(cycle: SurveyCycle) -> int:
    """How many administrations have a response (of any status) to the cycle."""
    return db.session.execute(
        select(func.count()).select_from(SurveyResponse).where(SurveyResponse.cycle_id == cycle.id)).scalar_one()


CYCLE_FIELDS = ("title", "opens_at", "closes_at", "window_start", "window_end")


def update_cycle(cycle: SurveyCycle, data: dict) -> SurveyCycle:
    """Change a cycle after its creation. data: title, opens_at, closes_at (aware instants), window_start,
    window_end (dates or None), and topic_codes (None: unchanged). The year does not change (it is the
    address). Topics change only while nobody has answered: answers refer to the cycle's topics.
    Everything is checked before anything is written."""
    _check_dates(data["opens_at"], data["closes_at"])
    _check_window(data["closes_at"], data.get("window_start"), data.get("window_end"))
    current = [t.code for t in cycle.topics]
    topics: dict[str, Topic] = {}
    codes = None if data.get("topic_codes") is None else list(dict.fromkeys(data["topic_codes"]))
    if codes is not None and codes != current:
        if not codes:
            raise ServiceError({"topic_codes": "Choose topics."})
        answered = response_count(cycle)
        if answered and set(codes) != set(current):
            raise ServiceError({"topic_codes": frozen_message(answered)})
        new = [c for c in codes if c not in current]
        topics = {t.code: t for t in db.session.execute(select(Topic).where(Topic.code.in_(new))).scalars()}
        unknown = [c for c in new if c not in topics]
        if unknown:
            raise ServiceError({"topic_codes": f"Unknown topic {unknown[0]!r}."})
    changes = {}
    for name in CYCLE_FIELDS:
        old, value = getattr(cycle, name), data.get(name)
        if old != value:
            changes[name] = [old, value]
            setattr(cycle, name, value)
    if codes is not None and codes != current:
        changes["topics"] = [current, codes]
        kept = {t.code: t for t in cycle.topics}
        cycle.topics = [kept.get(c) or CycleTopic(topic_id=topics[c].id, code=c, name=topics[c].name,
                                                  package=topics[c].package) for c in codes]
        for position, topic in enumerate(cycle.topics):
            topic.position = position
    if changes:
        audit.record("update", cycle, changes)
    return cycle


def frozen_message(answered: int) -> str:
    who = "1 administration has" if answered == 1 else f"{answered} administrations have"
    return (f"The topics are frozen: {who} answered this cycle, and the answers refer to these topics. "
            "The other fields can still change.")


def open_now(cycle: SurveyCycle, now: datetime | None = None) -> SurveyCycle:
    now = now or utcnow()
    if cycle.closes_at <= now:
        raise ServiceError("The deadline has passed: reopen the cycle with a new deadline instead.")
    changes = {"closed_manually": [cycle.closed_manually, False]}
    if cycle.opens_at > now:
        changes["opens_at"] = [cycle.opens_at, now]
        cycle.opens_at = now
    cycle.closed_manually = False
    audit.record("open", cycle, changes)
    return cycle


def close_now(cycle: SurveyCycle) -> SurveyCycle:
    cycle.closed_manually = True
    audit.record("close", cycle, {"closed_manually": [False, True]})
    return cycle


def reopen(cycle: SurveyCycle, closes_at: datetime, now: datetime | None = None) -> SurveyCycle:
    now = now or utcnow()
    if closes_at <= now:
        raise ServiceError({"closes_at": "The new deadline must be in the future."})
    audit.record("reopen", cycle, {"closes_at": [cycle.closes_at, closes_at],
                                   "closed_manually": [cycle.closed_manually, False]})
    cycle.closes_at, cycle.closed_manually = closes_at, False
    return cycle


def reopen_for(cycle: SurveyCycle, administration: Administration, until: datetime,
               now: datetime | None = None) -> SurveyResponse:
    """Let one administration edit its response until `until`, whatever the cycle's state."""
    if until <= (now or utcnow()):
        raise ServiceError({"until": "The new deadline must be in the future."})
    response = find_response(cycle, administration)
    if response is None:
        response = SurveyResponse(cycle=cycle, administration=administration)
        db.session.add(response)
    audit.record("reopen", response, {"administration": administration.code,
                                      "reopened_until": [response.reopened_until, until]})
    response.reopened_until = until
    return response


# ---------------------------------------------------------------- responses


def find_response(cycle: SurveyCycle, administration: Administration) -> SurveyResponse | None:
    return db.session.execute(
        select(SurveyResponse)
        .where(SurveyResponse.cycle_id == cycle.id, SurveyResponse.administration_id == administration.id)
        .options(selectinload(SurveyResponse.items).joinedload(NeedItem.cycle_topic))
    ).scalar_one_or_none()


def deadline_of(cycle: SurveyCycle, response: SurveyResponse | None) -> datetime:
    """When this administration's editing ends: the cycle's deadline, or a later reopening for it alone."""
    if response is not None and response.reopened_until and (
            cycle.closed_manually or response.reopened_until > cycle.closes_at):
        return response.reopened_until
    return cycle.closes_at


def can_edit(cycle: SurveyCycle, response: SurveyResponse | None, now: datetime | None = None) -> bool:
    now = now or utcnow()
    if response is not None and response.reopened_until and now < response.reopened_until:
        return True
    return cycle.state(now) == "open"


def response_values(response: SurveyResponse | None) -> dict:
    """The general fields and {topic code: item values} of a response (defaults when there is none)."""
    if response is None:
        return {**{name: None for name in GENERAL_FIELDS}, "items": {}}
    values = {name: getattr(response, name) for name in GENERAL_FIELDS}
    values["items"] = {item.cycle_topic.code: item.values() for item in response.items}
    return values


def previous_response(cycle: SurveyCycle, administration: Administration) -> SurveyResponse | None:
    """The administration's response to the latest earlier cycle (what a new response starts from)."""
    return db.session.execute(
        select(SurveyResponse).join(SurveyResponse.cycle)
        .where(SurveyResponse.administration_id == administration.id, SurveyCycle.year < cycle.year)
        .order_by(SurveyCycle.year.desc()).limit(1)
        .options(selectinload(SurveyResponse.items).joinedload(NeedItem.cycle_topic))
    ).scalar_one_or_none()


def _blank(value):
    return "" if value is None else value


def differences(cycle: SurveyCycle, stored: dict, typed: dict) -> list[Difference]:
    out = [Difference(label, _blank(stored.get(name)), _blank(typed.get(name)))
           for name, label in GENERAL_FIELDS.items() if _blank(stored.get(name)) != _blank(typed.get(name))]
    for topic in cycle.topics:
        if topic.code not in typed["items"]:
            continue
        old = stored["items"].get(topic.code, DEFAULT_ITEM)
        new = typed["items"][topic.code]
        out.extend(Difference(f"{topic.name}: {name}", old[name], new[name])
                   for name in ITEM_FIELDS if old[name] != new[name])
    return out


def save_response(cycle: SurveyCycle, administration: Administration, data: dict, version: int | None,
                  submit: bool = False, now: datetime | None = None) -> SurveyResponse:
    """Save (and with submit=True, submit) an administration's response.

    data: the GENERAL_FIELDS and "items": {topic code: {priority, officers, mode, quarters, comment}}.
    version: the response version the form was opened with (None when there was no response yet).
    Saving what is already stored writes nothing (a double click does not duplicate or conflict).
    """
    now = now or utcnow()
    response = find_response(cycle, administration)
    if not can_edit(cycle, response, now):
        raise ServiceError(f"The {cycle.year} survey closed on {deadline_of(cycle, response):%d %B %Y %H:%M} UTC: "
                           "answers can no longer be changed. Ask the ROCB A/P to reopen it for you.")
    topics = {t.code: t for t in cycle.topics}
    unknown = [code for code in data["items"] if code not in topics]
    if unknown:
        raise ServiceError(f"Topic {unknown[0]!r} is not asked about in the {cycle.year} survey.")
    stored = response_values(response)
    changes = differences(cycle, stored, data)
    becomes_submitted = submit or (response is not None and response.status == "submitted")
    if response is not None and version != response.version:
        if changes:
            raise VersionConflict(changes, response.version)
        if not submit or response.status == "submitted":
            return response  # the same values, saved again: nothing to do
    elif not changes and response is not None and (response.status == "submitted" or not submit):
        return response

    creating = response is None
    if creating:
        response = SurveyResponse(cycle=cycle, administration=administration)
        db.session.add(response)
    for name in GENERAL_FIELDS:
        setattr(response, name, data.get(name) or None)
    by_code = {item.cycle_topic.code: item for item in response.items}
    for code, values in data["items"].items():
        item = by_code.get(code) or NeedItem(cycle_topic=topics[code])
        for name in ITEM_FIELDS:
            setattr(item, name, values[name] if name != "comment" else (values[name] or None))
        if code not in by_code:
            response.items.append(item)
    actor = _actor()
    response.updated_at, response.updated_by = now, actor
    if becomes_submitted:
        response.status, response.submitted_at, response.submitted_by = "submitted", now, actor
    try:
        with db.session.begin_nested():
            db.session.flush()
    except (StaleDataError, IntegrityError) as error:
        # Another save went in between our read and our write.
        raise VersionConflict([], None) from error
    audit_changes = {d.label: [d.theirs, d.yours] for d in changes}
    audit_changes["administration"] = administration.code
    if access.is_staff():
        audit_changes["acting_for"] = administration.code
    audit.record("submit" if becomes_submitted else "save", response, audit_changes)
    return response


def import_rows(cycle: SurveyCycle, rows: list[ImportRow], now: datetime | None = None) -> dict[str, int]:
    """Write checked template rows (all of them, or the caller rolls back). Imported answers count as
    submitted on the administration's behalf. Returns {"administrations": n, "items": n}."""
    now = now or utcnow()
    codes = sorted({row.administration_code for row in rows})
    administrations = {a.code: a for a in db.session.execute(
        select(Administration).where(Administration.code.in_(codes))).scalars()}
    by_admin: dict[str, dict] = {}
    for row in rows:
        by_admin.setdefault(row.administration_code, {})[row.topic_code] = {
            "priority": row.priority, "officers": row.officers, "mode": row.mode, "quarters": row.quarters,
            "comment": row.comment}
    actor = f"{_actor()} (import)"
    for code, items in by_admin.items():
        administration = administrations[code]
        response = find_response(cycle, administration)
        if response is None:
            response = SurveyResponse(cycle=cycle, administration=administration)
            db.session.add(response)
        existing = {item.cycle_topic.code: item for item in response.items}
        topics = {t.code: t for t in cycle.topics}
        for topic_code, values in items.items():
            item = existing.get(topic_code)
            if item is None:
                item = NeedItem(cycle_topic=topics[topic_code])
                response.items.append(item)
            for name in ITEM_FIELDS:
                setattr(item, name, values[name])
            item.comment = item.comment or None
        response.status, response.submitted_at, response.submitted_by = "submitted", now, actor
        response.updated_at, response.updated_by = now, actor
        audit.record("import", response, {"administration": code, "items": len(items)})
    return {"administrations": len(by_admin), "items": len(rows)}
