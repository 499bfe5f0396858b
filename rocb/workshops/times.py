"""Wall-clock times of sessions turned into instants. Pure: no Flask, no database.

A timed session's truth is its local start and end in its zone; the UTC instants are derived here, and derived
again by `flask tz-refresh` when tzdata changes a zone's rules.

A session's day lies in the range of every date people enter for a record (1950-01-01 to 2100-12-31,
rocb/params.py, the README's "Plausible ranges"): the form says so at the field (rocb.forms.RecordDate), and this
module refuses the same days for every other caller (seed, proposals, session series).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rocb.params import RECORD_FIRST, RECORD_LAST, in_record_range

MAX_TIMED_SESSION = timedelta(hours=24)  # a longer sitting is several sessions (one per day)


class SessionTimeError(ValueError):
    """A local time that cannot be a session; `field` names the form field the message belongs to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SessionTimes:
    local_start: datetime  # naive, wall clock in zone
    local_end: datetime
    start_utc: datetime  # aware, UTC
    end_utc: datetime


def instant(local: datetime, zone: str, strict: bool = True) -> datetime:
    """The UTC instant of a naive wall-clock time in zone.

    A wall time skipped by a DST change (a gap) does not exist: refused when strict. A wall time that occurs twice
    (a fold, when clocks go back) is read as its first occurrence, fold=0: what people mean by "01:30" on that
    night is almost always the earlier one, and a fixed rule keeps tz-refresh deterministic.
    """
    zi = ZoneInfo(zone)
    aware = local.replace(tzinfo=zi, fold=0)
    result = aware.astimezone(UTC)
    if strict and result.astimezone(zi).replace(tzinfo=None) != local:
        raise SessionTimeError(
            "local_start", f"{local:%d %B %Y %H:%M} does not exist in {zone}: the clocks skip that hour "
                           f"(daylight saving time). Choose another time.")
    return result


def _check_range(day: date, field: str) -> None:
    if not in_record_range(day):
        raise SessionTimeError(field, f"A session must fall between {RECORD_FIRST.isoformat()} and "
                                      f"{RECORD_LAST.isoformat()}.")


def timed_session(local_start: datetime, local_end: datetime, zone: str, today: date | None = None) -> SessionTimes:
    """Check and derive a timed session. `today` is no longer read (the range does not move with the calendar);
    it stays so that callers written before need no change."""
    _check_range(local_start.date(), "local_start")
    if local_end <= local_start:
        raise SessionTimeError("local_end", "The session must end after it starts.")
    if local_end - local_start > MAX_TIMED_SESSION:
        raise SessionTimeError("local_end", "A session lasts at most 24 hours: record a multi-day workshop "
                                            "as one session per day.")
    start = instant(local_start, zone)
    try:
        end = instant(local_end, zone)
    except SessionTimeError as error:
        raise SessionTimeError("local_end", error.message) from error
    if end <= start:
        raise SessionTimeError("local_end", "The session must end after it starts (the clocks change that night).")
    return SessionTimes(local_start, local_end, start, end)


def whole_day_session(day: date, zone: str, today: date | None = None) -> SessionTimes:
    """A whole day: local midnight to the next local midnight. A midnight skipped by DST is not refused:
    the day still happened, and zoneinfo gives the first instant of it. `today`: as in timed_session."""
    _check_range(day, "day")
    start = datetime.combine(day, time())
    end = start + timedelta(days=1)
    return SessionTimes(start, end, instant(start, zone, strict=False), instant(end, zone, strict=False))


def recompute(local_start: datetime, local_end: datetime, zone: str) -> tuple[datetime, datetime]:
    """The instants of stored wall-clock times under the current tzdata (tz-refresh). Never refuses: a time that
    fell into a new gap is read as zoneinfo reads it, and the command reports it as moved."""
    return instant(local_start, zone, strict=False), instant(local_end, zone, strict=False)
