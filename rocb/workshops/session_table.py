"""Every session of a workshop edited in one table (staff): changes and deletions saved all or nothing.

Each row goes through the same use cases as one session's form (services.update_session and remove_session, which
check, audit and bump the SEQUENCE of a session whose time or zone changed). Every row is checked before anything
is kept: a refused row refuses the whole table, with each message at its row and field, and the caller rolls back.
Confirmed participants hear of it once: schedule_changed is sent once for the whole table, with the deleted
sessions (their invitations are cancelled), not once per row.
"""

from dataclasses import dataclass

from rocb.services import ServiceError
from rocb.workshops import services
from rocb.workshops.models import Session, Workshop
from rocb.workshops.signals import schedule_changed

ROW_FIELDS = ("title", "all_day", "day", "local_start", "local_end", "zone")


@dataclass
class Row:
    """One row as typed: the session it edits (None: not a session of this workshop), its values, Delete."""

    session: Session | None
    data: dict
    remove: bool = False


class SessionTableError(ServiceError):
    """Refused rows: {row index: {field or "": message}}; nothing was kept."""

    def __init__(self, rows: dict[int, dict[str, str]]):
        self.rows = rows
        super().__init__({f"row {i + 1}" + (f" {f}" if f else ""): m
                          for i, errors in rows.items() for f, m in errors.items()})


@dataclass(frozen=True)
class Saved:
    moved: list[Session]  # time, zone or whole-day changed: a higher SEQUENCE
    renamed: list[Session]  # only the title changed
    removed: list[Session]

    @property
    def changed(self) -> bool:
        return bool(self.moved or self.renamed or self.removed)


def _unchanged(session: Session, data: dict, workshop: Workshop) -> bool:
    """The row says what the session already is (an empty zone is the reference zone, as the service reads it)."""
    all_day = bool(data.get("all_day"))
    zone = data.get("zone") or workshop.reference_zone or ("UTC" if all_day else "")
    if (data.get("title") or None, all_day, zone) != (session.title, session.all_day, session.zone):
        return False
    if all_day:
        return data.get("day") == session.local_start.date()
    return (data.get("local_start"), data.get("local_end")) == (session.local_start, session.local_end)


def save_table(workshop: Workshop, rows: list[Row]) -> Saved:
    """Apply the rows (changed ones updated, ticked ones deleted); SessionTableError names every refused row."""
    errors: dict[int, dict[str, str]] = {}
    seen: set[int] = set()
    moved, renamed, removed = [], [], []
    for index, row in enumerate(rows):
        if row.session is None or row.session.workshop_id != workshop.id:
            errors[index] = {"": "This row is not a session of this workshop (any more): reload the page."}
            continue
        if row.session.id in seen:
            errors[index] = {"": "This session is listed twice: reload the page."}
            continue
        seen.add(row.session.id)
        if row.remove:
            removed.append(row.session)
            continue
        if _unchanged(row.session, row.data, workshop):
            continue
        sequence = row.session.sequence
        try:
            services.update_session(row.session, row.data, announce=False)
        except ServiceError as error:
            errors[index] = error.errors
            continue
        (moved if row.session.sequence != sequence else renamed).append(row.session)
    if errors:
        raise SessionTableError(errors)
    if moved or removed:
        # Once for the whole table, before the deleted sessions go (listeners cancel their invitations).
        schedule_changed.send(workshop, removed=tuple(removed), status_from=None)
    for session in removed:
        services.remove_session(session, announce=False)
    return Saved(moved, renamed, removed)
