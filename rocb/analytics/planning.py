"""What to plan next: the topics of `gaps.plan_next`, each with a proposed time slot from the planner for
exactly the administrations to invite, and the query arguments of a pre-filled "draft workshop" form.

Pure (pandas and the planner; no Flask, no database): the view turns `draft_args` into a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from rocb.scheduling.planner import Place, PlannerError, find_slots

SLOT_MINUTES = 120
SEARCH_DAYS = 14


@dataclass(frozen=True)
class LocalTime:
    """The proposed slot seen from one invited administration."""

    code: str
    name: str
    zone: str
    start: str  # "Tue 7 Oct 15:00"
    end: str  # "17:00" (+1 when the next day)
    fit: str  # working, edge, outside, non-working day


@dataclass(frozen=True)
class PlannedTopic:
    """A topic to plan for, ranked by unmet need, with the administrations to invite and a proposed slot."""

    rank: int
    topic_code: str
    topic_name: str
    package: str
    unmet_need: int
    officers_to_train: int
    invite: tuple[str, ...]  # administration codes, highest priority first
    invite_names: tuple[str, ...]
    slot_start_utc: str | None  # ISO 8601, e.g. "2025-10-07T06:00:00+00:00"
    slot_end_utc: str | None
    in_working_hours: int  # invited administrations inside their working hours at that slot
    local_times: tuple[LocalTime, ...]
    slot_problem: str | None  # why no slot was proposed
    draft_args: dict  # query arguments of the pre-filled workshop form

    @property
    def invited_count(self) -> int:
        return len(self.invite)


def next_quarter(today: date) -> tuple[date, date]:
    """The first SEARCH_DAYS days of the calendar quarter after `today`'s: (first day, last day)."""
    month = ((today.month - 1) // 3 + 1) * 3 + 1
    start = date(today.year + 1, 1, 1) if month > 12 else date(today.year, month, 1)
    return start, start + timedelta(days=SEARCH_DAYS - 1)


def _place(row) -> Place:
    return Place(key=row.code, label=row.name, zone=row.timezone, working_days=row.working_days,
                 work_start=row.work_start, work_end=row.work_end)


def _local(place_time) -> LocalTime:
    start, end = place_time.local_start, place_time.local_end
    shift = (end.date() - start.date()).days
    end_text = f"{end:%H:%M}" + (f" (+{shift})" if shift else "")
    return LocalTime(place_time.place.key, place_time.place.label, place_time.place.zone,
                     f"{start:%a} {start.day} {start:%b %H:%M}", end_text, place_time.fit)


def plan_with_slots(plan: pd.DataFrame, administrations: pd.DataFrame, dates: tuple[date, date],
                    package: str | None = None) -> tuple[PlannedTopic, ...]:
    """Each row of `plan` (from gaps.plan_next) with the best 120-minute slot over `dates` for its invited
    administrations (`administrations`: code, name, timezone, working_days, work_start, work_end)."""
    by_code = {row.code: row for row in administrations.itertuples(index=False)}
    planned = []
    for row in plan.itertuples(index=False):
        invite = tuple(code for code in row.invite if code in by_code)
        names = tuple(by_code[code].name for code in invite)
        start = end = problem = None
        local, working = (), 0
        try:
            slots = find_slots([_place(by_code[code]) for code in invite], dates[0], dates[1], SLOT_MINUTES, top=1)
        except PlannerError as error:  # e.g. an administration with unreadable working days
            problem = str(error)
        else:
            slot = slots[0]
            start, end = slot.start_utc.isoformat(), slot.end_utc.isoformat()
            local, working = tuple(_local(p) for p in slot.places), slot.working_count
        # Named after the fields of rocb.workshops.forms.WorkshopForm, so that the create form can be filled
        # with WorkshopForm(formdata=request.args); lists are repeated arguments (?invited_codes=FJ&...=TH).
        description = f"Asked for in the needs survey by {', '.join(names)} and not yet reached."
        if start:
            description += (f" Proposed online session: {start[:16].replace('T', ' ')} UTC, {SLOT_MINUTES} minutes "
                            f"({working} of {len(invite)} administrations in working hours).")
        draft = {
            "title": f"Regional workshop on {row.topic_name}",
            "kind": "regional workshop",
            "mode": "online",
            "status": "planned",
            "topic_codes": [row.topic_code],
            "invited_codes": list(invite),
            "is_public": "y",
            "description": description,
        }
        if start:
            draft.update(start_utc=start, minutes=str(SLOT_MINUTES))
        planned.append(PlannedTopic(
            rank=int(row.rank), topic_code=row.topic_code, topic_name=row.topic_name,
            package=row.package if isinstance(row.package, str) else (package or ""),
            unmet_need=int(row.unmet_need), officers_to_train=int(row.officers_to_train), invite=invite,
            invite_names=names, slot_start_utc=start, slot_end_utc=end, in_working_hours=working,
            local_times=local, slot_problem=problem, draft_args=draft,
        ))
    return tuple(planned)
