"""Read side of the needs survey: status per administration, results per topic, year over year, rows for
export and analytics, the planner's preferred windows. Each function issues a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import select

from rocb.extensions import db, utcnow
from rocb.registry.models import Administration
from rocb.surveys.models import PRIORITY_WEIGHTS, CycleTopic, NeedItem, SurveyCycle, SurveyResponse


@dataclass
class StatusRow:
    """One administration's place in a cycle."""

    code: str
    name: str
    timezone: str
    status: str  # not started, draft, submitted
    updated_at: datetime | None
    updated_by: str | None
    submitted_at: datetime | None
    submitted_by: str | None
    deadline: datetime
    reopened_until: datetime | None


@dataclass
class TopicResult:
    """What the submitted responses of a cycle say about one topic."""

    code: str
    name: str
    package: str
    asking: int = 0  # administrations with a priority other than none
    high: int = 0
    medium: int = 0
    low: int = 0
    score: int = 0  # high 3, medium 2, low 1
    officers: int = 0
    modes: Counter = field(default_factory=Counter)
    quarters: Counter = field(default_factory=Counter)


def status_rows(cycle: SurveyCycle) -> list[StatusRow]:
    administrations = db.session.execute(select(Administration).order_by(Administration.name)).scalars().all()
    responses = {r.administration_id: r for r in db.session.execute(
        select(SurveyResponse).where(SurveyResponse.cycle_id == cycle.id)).scalars()}
    rows = []
    for admin in administrations:
        response = responses.get(admin.id)
        reopened = response.reopened_until if response else None
        rows.append(StatusRow(
            admin.code, admin.name, admin.timezone,
            # A response staff only reopened, that nobody saved yet, is not started either.
            "not started" if response is None or response.updated_by is None else response.status,
            response.updated_at if response else None, response.updated_by if response else None,
            response.submitted_at if response else None, response.submitted_by if response else None,
            reopened if reopened and (cycle.closed_manually or reopened > cycle.closes_at) else cycle.closes_at,
            reopened,
        ))
    return rows


def reminder_emails(cycle: SurveyCycle) -> list[tuple[str, str]]:
    """(administration code, e-mail) of the active focal points of administrations that have not submitted."""
    from rocb.auth.models import User

    submitted = select(SurveyResponse.administration_id).where(
        SurveyResponse.cycle_id == cycle.id, SurveyResponse.status == "submitted")
    return [(code, email) for code, email in db.session.execute(
        select(Administration.code, User.email).join(User, User.administration_id == Administration.id)
        .where(User.role == "focal_point", User.active.is_(True), Administration.id.not_in(submitted))
        .order_by(Administration.code, User.email))]


def topic_results(cycle: SurveyCycle) -> tuple[list[TopicResult], int]:
    """Per topic of the cycle (in its order), and the number of submitted responses."""
    results = {t.code: TopicResult(t.code, t.name, t.package) for t in cycle.topics}
    rows = db.session.execute(
        select(CycleTopic.code, NeedItem.priority, NeedItem.officers, NeedItem.mode, NeedItem.quarters)
        .join(NeedItem.response).join(NeedItem.cycle_topic)
        .where(SurveyResponse.cycle_id == cycle.id, SurveyResponse.status == "submitted")
    ).all()
    for code, priority, officers, mode, quarters in rows:
        result = results[code]
        if priority == "none":
            continue
        result.asking += 1
        setattr(result, priority, getattr(result, priority) + 1)
        result.score += PRIORITY_WEIGHTS[priority]
        result.officers += officers
        result.modes[mode] += 1
        result.quarters.update(q for q in quarters.split(",") if q)
    submitted = db.session.execute(
        select(db.func.count(SurveyResponse.id))
        .where(SurveyResponse.cycle_id == cycle.id, SurveyResponse.status == "submitted")).scalar_one()
    return list(results.values()), submitted


def administration_history(administration: Administration) -> tuple[list[int], list[tuple[str, str]], dict]:
    """Year over year: the cycle years answered, the topics (code, name) ever asked, and
    {(topic code, year): (priority, officers)} from the administration's responses (submitted or draft)."""
    rows = db.session.execute(
        select(SurveyCycle.year, CycleTopic.code, CycleTopic.name, NeedItem.priority, NeedItem.officers,
               SurveyResponse.status)
        .select_from(NeedItem).join(NeedItem.response).join(NeedItem.cycle_topic).join(SurveyResponse.cycle)
        .where(SurveyResponse.administration_id == administration.id)
        .order_by(SurveyCycle.year, CycleTopic.position)
    ).all()
    years = sorted({r.year for r in rows})
    topics = list(dict.fromkeys((r.code, r.name) for r in rows))
    cells = {(r.code, r.year): (r.priority, r.officers, r.status) for r in rows}
    return years, topics, cells


def _long_rows_query(cycle_years, submitted_only: bool):
    query = (select(SurveyCycle.year, Administration.code, Administration.name, SurveyResponse.status,
                    SurveyResponse.submitted_at, CycleTopic.code.label("topic_code"), CycleTopic.name.label("topic"),
                    CycleTopic.package, NeedItem.priority, NeedItem.officers, NeedItem.mode, NeedItem.quarters,
                    NeedItem.comment)
             .select_from(NeedItem).join(NeedItem.response).join(NeedItem.cycle_topic)
             .join(SurveyResponse.cycle).join(SurveyResponse.administration)
             .order_by(SurveyCycle.year, Administration.code, CycleTopic.position))
    if cycle_years is not None:
        query = query.where(SurveyCycle.year.in_(list(cycle_years)))
    if submitted_only:
        query = query.where(SurveyResponse.status == "submitted")
    return query


def export_rows(cycle_years=None) -> list[dict]:
    """The long rows the exports write (drafts included, with their status)."""
    return [{
        "cycle_year": r.year, "administration_code": r.code, "administration": r.name, "status": r.status,
        "submitted_at": r.submitted_at.strftime("%Y-%m-%d %H:%M UTC") if r.submitted_at else "",
        "topic_code": r.topic_code, "topic": r.topic, "package": r.package, "priority": r.priority,
        "officers": r.officers, "mode": r.mode, "quarters": r.quarters, "comment": r.comment or "",
    } for r in db.session.execute(_long_rows_query(cycle_years, submitted_only=False))]


def need_item_rows(cycle_years=None) -> list[dict]:
    """For analytics: cycle_year, administration_code, topic_code, priority, officers of SUBMITTED responses."""
    query = (select(SurveyCycle.year, Administration.code, CycleTopic.code.label("topic_code"), NeedItem.priority,
                    NeedItem.officers)
             .select_from(NeedItem).join(NeedItem.response).join(NeedItem.cycle_topic)
             .join(SurveyResponse.cycle).join(SurveyResponse.administration)
             .where(SurveyResponse.status == "submitted")
             .order_by(SurveyCycle.year, Administration.code, CycleTopic.position))
    if cycle_years is not None:
        query = query.where(SurveyCycle.year.in_(list(cycle_years)))
    return [{"cycle_year": r.year, "administration_code": r.code, "topic_code": r.topic_code,
             "priority": r.priority, "officers": r.officers} for r in db.session.execute(query)]


def cycle_rows() -> list[dict]:
    """For analytics: year, closes (date, UTC), window_start, window_end (the delivery window) of every cycle."""
    rows = []
    for cycle in db.session.execute(select(SurveyCycle).order_by(SurveyCycle.year)).scalars():
        start, end = cycle.delivery_window()
        rows.append({"year": cycle.year, "closes": cycle.closes_at.date(), "window_start": start, "window_end": end})
    return rows


def latest_cycle() -> SurveyCycle | None:
    return db.session.execute(select(SurveyCycle).order_by(SurveyCycle.year.desc()).limit(1)).scalar_one_or_none()


def open_cycle(now: datetime | None = None) -> SurveyCycle | None:
    """The cycle open now (the latest if several), for the dashboard."""
    now = now or utcnow()
    cycles = db.session.execute(
        select(SurveyCycle).where(SurveyCycle.opens_at <= now, SurveyCycle.closes_at > now,
                                  SurveyCycle.closed_manually.is_(False))
        .order_by(SurveyCycle.year.desc())).scalars().all()
    return cycles[0] if cycles else None


def preferred_windows(cycle_year: int | None, codes: list[str]) -> dict[str, tuple[time, time]]:
    """Each administration's stated preferred window for online sessions (local hours), from its latest
    submitted response up to `cycle_year` (None: any year). Administrations that stated none are left out."""
    query = (select(Administration.code, SurveyResponse.window_start, SurveyResponse.window_end)
             .join(SurveyResponse.administration).join(SurveyResponse.cycle)
             .where(Administration.code.in_([c.upper() for c in codes]), SurveyResponse.status == "submitted",
                    SurveyResponse.window_start.is_not(None), SurveyResponse.window_end.is_not(None))
             .order_by(SurveyCycle.year.desc()))
    if cycle_year is not None:
        query = query.where(SurveyCycle.year <= cycle_year)
    windows: dict[str, tuple[time, time]] = {}
    for code, start, end in db.session.execute(query):
        if code not in windows and start < end:
            windows[code] = (start, end)
    return windows
