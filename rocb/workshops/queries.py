"""Reads shared by pages, the report and the API: filters, eager loading, figures in a fixed number of queries."""

from collections import defaultdict
from datetime import date

from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import selectinload

from rocb import access, params, sorting
from rocb.extensions import db
from rocb.registry.models import Administration, Fund, Organization, RegionalEntity, Topic
from rocb.sorting import Column, Sort
from rocb.workshops.models import (
    MODES,
    WORKSHOP_STATUSES,
    Headcount,
    Participant,
    Workshop,
    WorkshopParty,
    workshop_funds,
    workshop_invited,
    workshop_topics,
)
from rocb.workshops.summary import REACHED_RELATIONS, Figures, HeadcountFact, ParticipantFact, compute_figures

LIST_LOADS = (selectinload(Workshop.topics), selectinload(Workshop.funds), selectinload(Workshop.host_administration),
              selectinload(Workshop.host_entity), selectinload(Workshop.host_organization))


def _host_name():
    """The host as the list shows it (Workshop.host_name), in SQL: the record's label, else the entity's, the
    organization's (short name first) or the administration's name."""
    entity = select(RegionalEntity.name).where(RegionalEntity.id == Workshop.host_entity_id).scalar_subquery()
    organization = (select(func.coalesce(Organization.short_name, Organization.name))
                    .where(Organization.id == Workshop.host_organization_id).scalar_subquery())
    administration = (select(Administration.name).where(Administration.id == Workshop.host_administration_id)
                      .scalar_subquery())
    return func.lower(func.coalesce(Workshop.host_label, entity, organization, administration))


# The workshop list's sortable columns (?sort=&order=); by default the latest first.
COLUMNS = {
    "dates": Column((Workshop.first_day, Workshop.last_day), first="desc"),
    "title": Column((func.lower(Workshop.title),)),
    "kind": Column((Workshop.kind, Workshop.first_day)),
    "mode": Column((Workshop.mode, Workshop.first_day)),
    "host": Column((_host_name(), Workshop.first_day)),
    # in the order a workshop goes through them, not the alphabet's
    "status": Column((case({s: n for n, s in enumerate(WORKSHOP_STATUSES)}, value=Workshop.status),
                      Workshop.first_day)),
}
DEFAULT_SORT = "dates"


def visible():
    """Public workshops for everyone; staff also see the others."""
    return True if access.is_staff() else Workshop.is_public.is_(True)


def involving(administration_id: int):
    """Workshops an administration was invited to, sent participants to, or was counted at."""
    return or_(
        Workshop.id.in_(select(workshop_invited.c.workshop_id)
                        .where(workshop_invited.c.administration_id == administration_id)),
        Workshop.id.in_(select(Participant.workshop_id).where(Participant.administration_id == administration_id)),
        Workshop.id.in_(select(Headcount.workshop_id).where(Headcount.administration_id == administration_id)),
        Workshop.host_administration_id == administration_id,
        Workshop.id.in_(select(WorkshopParty.workshop_id).where(WorkshopParty.administration_id == administration_id)),
    )


def filtered(args, sort: Sort | None = None) -> tuple:
    """The list's query from ?year=&topic=&mode=&status=&fund=&administration=, and the filters understood;
    ordered by `sort` (one of COLUMNS), else the latest first."""
    query = select(Workshop).where(visible()).options(*LIST_LOADS)
    filters = {k: (args.get(k) or "").strip() for k in ("year", "topic", "mode", "status", "fund", "administration")}
    year = params.whole_number(filters["year"], params.RECORD_FIRST.year, params.RECORD_LAST.year)
    if year is not None:
        query = query.where(Workshop.first_day <= date(year, 12, 31), Workshop.last_day >= date(year, 1, 1))
    if filters["topic"]:
        query = query.where(Workshop.id.in_(select(workshop_topics.c.workshop_id).join(Topic)
                                            .where(Topic.code == filters["topic"])))
    if filters["mode"] in MODES:
        query = query.where(Workshop.mode == filters["mode"])
    if filters["status"] in WORKSHOP_STATUSES:
        query = query.where(Workshop.status == filters["status"])
    if filters["fund"]:
        query = query.where(Workshop.id.in_(select(workshop_funds.c.workshop_id).join(Fund)
                                            .where(Fund.code == filters["fund"])))
    if filters["administration"]:
        admin_id = select(Administration.id).where(Administration.code == filters["administration"].upper())
        query = query.where(involving(admin_id.scalar_subquery()))
    if sort is not None:
        return sorting.ordered(query, sort, Workshop.id), filters
    return query.order_by(Workshop.first_day.desc().nulls_last(), Workshop.id.desc()), filters


def in_period(first: date, last: date):
    return (select(Workshop).where(visible(), Workshop.first_day <= last, Workshop.last_day >= first)
            .order_by(Workshop.first_day, Workshop.last_day, Workshop.id))


def figures_for(workshops, administration_id: int | None = None) -> dict[int, Figures]:
    """Figures of many workshops in three queries (grouped counts), whatever their number of participants.

    A held workshop counts who attended; one not held counts its roster as confirmed (Figures.confirmed)."""
    by_id = {w.id: w for w in workshops}
    if not by_id:
        return {}
    people = defaultdict(list)
    # Selected by workshop only, even for one administration: the page's workshops bound the rows read, whereas
    # "this administration's participants" grows with every year of records. The other administrations' groups
    # are dropped here (a handful of grouped rows per workshop).
    query = (select(Participant.workshop_id, Participant.role, Participant.administration_id, Participant.gender,
                    Participant.attended, func.count()).where(Participant.workshop_id.in_(by_id))
             .group_by(Participant.workshop_id, Participant.role, Participant.administration_id, Participant.gender,
                       Participant.attended))
    for wid, role, admin_id, gender, attended, n in db.session.execute(query):
        if administration_id is None or admin_id == administration_id:
            people[wid] += [ParticipantFact(role, attended, admin_id, gender)] * n
    counts = defaultdict(list)
    query = select(Headcount).where(Headcount.workshop_id.in_(by_id))
    if administration_id is not None:
        query = query.where(Headcount.administration_id == administration_id)
    for h in db.session.execute(query).scalars():
        counts[h.workshop_id].append(HeadcountFact(h.role, h.count, h.administration_id, h.administrations_count,
                                 h.precision, h.noun, h.detail))
    # Administrations the record names as attending or presenting (the parties): reached, with or without figures.
    present = defaultdict(set)
    query = select(WorkshopParty.workshop_id, WorkshopParty.administration_id).where(
        WorkshopParty.workshop_id.in_(by_id), WorkshopParty.relation.in_(REACHED_RELATIONS),
        WorkshopParty.administration_id.is_not(None))
    if administration_id is not None:
        query = query.where(WorkshopParty.administration_id == administration_id)
    for wid, admin_id in db.session.execute(query):
        present[wid].add(admin_id)
    return {wid: compute_figures(people[wid], counts[wid],
                                 None if administration_id is not None else w.reported_administrations_count,
                                 held=w.status == "held", attending_administrations=present[wid])
            for wid, w in by_id.items()}


def years_of_administration(administration_id: int) -> list[tuple[int, dict[str, int]]]:
    """Per year, the people an administration sent (attended) or was counted with, by role, and under "workshops"
    the held workshops it attended (with or without figures).

    Grouped in SQL (GROUP BY year, role). The named participants are first counted per workshop and role from
    ix_participants_by_administration alone (no participant row is visited), then per year: the workshops table is
    read once per workshop, not once per participant."""
    year = func.extract("year", Workshop.first_day)
    totals: dict[int, dict[str, int]] = defaultdict(dict)
    per_workshop = (select(Participant.workshop_id, Participant.role, func.count().label("people"))
                    .where(Participant.administration_id == administration_id, Participant.attended.is_(True))
                    .group_by(Participant.workshop_id, Participant.role).subquery())
    named = (select(year, per_workshop.c.role, func.sum(per_workshop.c.people))
             .join(Workshop, Workshop.id == per_workshop.c.workshop_id).where(visible(), Workshop.status == "held")
             .group_by(year, per_workshop.c.role))
    counted = (select(year, Headcount.role, func.sum(Headcount.count)).join(Headcount.workshop)
               .where(Headcount.administration_id == administration_id, visible(), Workshop.status == "held")
               .group_by(year, Headcount.role))
    reached = or_(
        Workshop.id.in_(select(Participant.workshop_id).where(Participant.administration_id == administration_id,
                                                               Participant.attended.is_(True))),
        Workshop.id.in_(select(Headcount.workshop_id).where(Headcount.administration_id == administration_id,
                                                             Headcount.count > 0)),
        Workshop.id.in_(select(WorkshopParty.workshop_id)
                        .where(WorkshopParty.administration_id == administration_id,
                               WorkshopParty.relation.in_(REACHED_RELATIONS))))
    workshops = (select(year, literal("workshops"), func.count(Workshop.id))
                 .where(visible(), Workshop.status == "held", reached).group_by(year))
    for query in (named, counted, workshops):
        for y, role, n in db.session.execute(query):
            if y is not None:
                bucket = totals[int(y)]
                bucket[role] = bucket.get(role, 0) + int(n)
    return sorted(totals.items(), reverse=True)


def administration_figures(workshop_id: int, held: bool = True) -> list[tuple[str, str, dict[str, int]]]:
    """(administration name, code, {role: people}) of one workshop: attended named participants (confirmed ones
    when the workshop has not been held) and per-administration headcounts, ordered by name."""
    rows: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    named = (select(Administration.name, Administration.code, Participant.role, func.count())
             .join(Participant, Participant.administration_id == Administration.id)
             .where(Participant.workshop_id == workshop_id, Participant.attended.is_(True) if held else True)
             .group_by(Administration.name, Administration.code, Participant.role))
    counted = (select(Administration.name, Administration.code, Headcount.role, func.sum(Headcount.count))
               .join(Headcount, Headcount.administration_id == Administration.id)
               .where(Headcount.workshop_id == workshop_id)
               .group_by(Administration.name, Administration.code, Headcount.role))
    for query in (named, counted):
        for name, code, role, n in db.session.execute(query):
            bucket = rows[(name, code)]
            bucket[role] = bucket.get(role, 0) + int(n)
    return [(name, code, roles) for (name, code), roles in sorted(rows.items())]
