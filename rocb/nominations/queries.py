"""Reads of the nomination cycle, each in a fixed number of queries whatever the number of nominations."""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rocb.extensions import db, utcnow
from rocb.nominations.models import Call, CallAdministration, Nomination
from rocb.registry.models import Administration

CALL_LOADS = (selectinload(Call.workshop),
              selectinload(Call.administrations).selectinload(CallAdministration.administration))


@dataclass
class AdministrationState:
    """One row of the review table: an invited administration and what it answered."""

    invitation: CallAdministration
    nominations: list[Nomination] = field(default_factory=list)

    @property
    def administration(self) -> Administration:
        return self.invitation.administration

    @property
    def counts(self) -> Counter:
        return Counter(n.state for n in self.nominations)

    @property
    def state(self) -> str:
        """'no reply', 'nominated 2/2', 'confirmed 1, nominated 1/2', ..."""
        c = self.counts
        if not self.nominations:
            return "no reply"
        parts = []
        if c["confirmed"]:
            parts.append(f"confirmed {c['confirmed']}")
        parts.append(f"nominated {c['nominated'] + c['confirmed']}/{self.invitation.quota}")
        for word in ("waitlisted", "declined", "withdrawn"):
            if c[word]:
                parts.append(f"{word} {c[word]}")
        return ", ".join(parts)


def call_or_none(call_id: int) -> Call | None:
    return db.session.execute(select(Call).where(Call.id == call_id).options(*CALL_LOADS)).scalar_one_or_none()


def review(call: Call, administration_id: int | None = None) -> list[AdministrationState]:
    """Every invited administration of the call (or one) with its nominations, ordered by administration name."""
    rows = {ca.administration_id: AdministrationState(ca) for ca in call.administrations
            if administration_id is None or ca.administration_id == administration_id}
    query = select(Nomination).where(Nomination.call_id == call.id).order_by(Nomination.created_at, Nomination.id)
    if administration_id is not None:
        query = query.where(Nomination.administration_id == administration_id)
    for n in db.session.execute(query).scalars():
        if n.administration_id in rows:
            rows[n.administration_id].nominations.append(n)
    return sorted(rows.values(), key=lambda r: r.administration.name)


def calls_of_workshop(workshop_id: int, administration_id: int | None = None) -> list[Call]:
    query = select(Call).where(Call.workshop_id == workshop_id).options(*CALL_LOADS).order_by(Call.id)
    if administration_id is not None:
        query = query.where(Call.id.in_(select(CallAdministration.call_id)
                                        .where(CallAdministration.administration_id == administration_id)))
    return db.session.execute(query).scalars().all()


def open_calls(administration_id: int | None = None) -> list[Call]:
    """Calls whose deadline is ahead: one administration's, or every one (staff)."""
    query = (select(Call).where(Call.deadline_utc > utcnow()).options(*CALL_LOADS)
             .order_by(Call.deadline_utc, Call.id))
    if administration_id is not None:
        query = query.where(Call.id.in_(select(CallAdministration.call_id)
                                        .where(CallAdministration.administration_id == administration_id)))
    return [c for c in db.session.execute(query).scalars() if c.workshop.status != "cancelled"]


def nominations_of(calls, administration_id: int | None = None) -> dict[int, list[Nomination]]:
    """{call id: nominations} of these calls, optionally one administration's, in one query."""
    out: dict[int, list[Nomination]] = {c.id: [] for c in calls}
    if not out:
        return out
    query = (select(Nomination).where(Nomination.call_id.in_(out)).options(selectinload(Nomination.administration))
             .order_by(Nomination.created_at, Nomination.id))
    if administration_id is not None:
        query = query.where(Nomination.administration_id == administration_id)
    for n in db.session.execute(query).scalars():
        out[n.call_id].append(n)
    return out
