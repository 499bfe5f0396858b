"""What the calendar shows: sessions of the visible workshops in a range, filtered like the workshop list."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from rocb import params
from rocb.calendar.events import SessionRow
from rocb.extensions import db
from rocb.registry.models import Administration, RegionalEntity, Topic
from rocb.workshops import queries
from rocb.workshops.models import (
    MODES,
    WORKSHOP_STATUSES,
    Session,
    Workshop,
    workshop_organizer_entities,
    workshop_topics,
)

MAX_EVENTS = 3_000
FILTERS = ("administration", "entity", "topic", "mode", "status")


class TooManyEvents(ValueError):
    pass


@dataclass(frozen=True)
class Filters:
    administration: str = ""
    entity: str = ""
    topic: str = ""
    mode: str = ""
    status: str = ""

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Only values the calendar understands are kept: anything else is ignored, never an error."""
        values = {k: (args.get(k) or "").strip() for k in FILTERS}
        values["administration"] = values["administration"].upper()
        if params.whole_number(values["entity"]) is None:  # "²" passes isdigit() and fails int()
            values["entity"] = ""
        if values["mode"] not in MODES:
            values["mode"] = ""
        if values["status"] not in WORKSHOP_STATUSES:
            values["status"] = ""
        return cls(**values)

    def args(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


def conditions(filters: Filters) -> list:
    out = [queries.visible()]
    if filters.administration:
        admin_id = select(Administration.id).where(Administration.code == filters.administration)
        out.append(queries.involving(admin_id.scalar_subquery()))
    if filters.entity:
        entity_id = int(filters.entity)
        out.append(or_(Workshop.host_entity_id == entity_id, Workshop.id.in_(
            select(workshop_organizer_entities.c.workshop_id)
            .where(workshop_organizer_entities.c.regional_entity_id == entity_id))))
    if filters.topic:
        out.append(Workshop.id.in_(select(workshop_topics.c.workshop_id).join(Topic)
                                   .where(Topic.code == filters.topic)))
    if filters.mode:
        out.append(Workshop.mode == filters.mode)
    if filters.status:
        out.append(Workshop.status == filters.status)
    return out


def sessions_between(start: datetime, end: datetime, filters: Filters) -> list[SessionRow]:
    """Sessions overlapping [start, end) in one query. Whole-day sessions are matched a day wider (their day is
    local) and trimmed by the caller's day comparison."""
    query = (select(Session.uid, Session.title, Session.all_day, Session.cancelled, Session.start_utc,
                    Session.end_utc, Session.local_start, Session.local_end, Session.zone, Workshop.id,
                    Workshop.title, Workshop.status, Workshop.mode, Workshop.is_public)
             .join(Session.workshop)
             .where(Session.start_utc < end + timedelta(days=1), Session.end_utc > start - timedelta(days=1),
                    *conditions(filters))
             .order_by(Session.start_utc, Session.id).limit(MAX_EVENTS + 1))
    rows = [SessionRow(*row) for row in db.session.execute(query)]
    if len(rows) > MAX_EVENTS:
        raise TooManyEvents(f"More than {MAX_EVENTS} sessions in this range: narrow the filters or the dates.")
    start_day, end_day = start.date(), end.date()

    def shown(r: SessionRow) -> bool:
        if r.all_day:
            return r.local_start.date() < end_day and r.local_end.date() > start_day
        return r.start_utc < end and r.end_utc > start

    return [r for r in rows if shown(r)]


def filter_choices() -> dict:
    """The options of the calendar's filters, in three small queries."""
    return {
        "administrations": db.session.execute(select(Administration.code, Administration.name)
                                              .order_by(Administration.name)).all(),
        "entities": db.session.execute(select(RegionalEntity.id, RegionalEntity.name)
                                       .order_by(RegionalEntity.name)).all(),
        "topics": db.session.execute(select(Topic.code, Topic.name).order_by(Topic.name)).all(),
        "modes": [(m, m) for m in MODES], "statuses": [(s, s) for s in WORKSHOP_STATUSES],
    }
