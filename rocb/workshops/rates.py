"""Attendance rates: of the sessions that went ahead, how many each participant attended, and per administration
the share of its participants' session places that were taken. Pure: no Flask, no database."""

from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    attended: int
    possible: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.attended / self.possible) if self.possible else None

    def __str__(self) -> str:
        return f"{self.attended}/{self.possible} ({self.percent}%)" if self.possible else "—"


@dataclass
class Rates:
    by_participant: dict[int, Rate]
    by_administration: dict[int, Rate]  # administration id -> rate over its participants
    overall: Rate


def attendance_rates(session_ids, participants, present) -> Rates:
    """session_ids: sessions that went ahead; participants: (participant id, administration id or None);
    present: (participant id, session id) pairs recorded as attended."""
    sessions = set(session_ids)
    seen = defaultdict(set)
    for pid, sid in present:
        if sid in sessions:
            seen[pid].add(sid)
    by_participant, totals = {}, defaultdict(lambda: [0, 0])
    for pid, admin_id in participants:
        rate = Rate(len(seen[pid]), len(sessions))
        by_participant[pid] = rate
        if admin_id is not None:
            totals[admin_id][0] += rate.attended
            totals[admin_id][1] += rate.possible
    overall = Rate(sum(r.attended for r in by_participant.values()), sum(r.possible for r in by_participant.values()))
    return Rates(by_participant, {a: Rate(*t) for a, t in totals.items()}, overall)
