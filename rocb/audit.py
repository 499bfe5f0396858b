"""Who changed what, when. Services call `record` inside the same transaction as the change."""

from datetime import datetime

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from rocb.extensions import UTCDateTime, db, utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(200))  # e-mail or "cli", kept if the user is deleted
    action: Mapped[str] = mapped_column(String(40))  # create, update, delete, submit, import, ...
    record_type: Mapped[str] = mapped_column(String(60), index=True)
    record_id: Mapped[str] = mapped_column(String(60), index=True)
    changes: Mapped[dict | None] = mapped_column(JSON)


def record(action: str, obj, changes: dict | None = None, actor: str | None = None) -> AuditEntry:
    """Add an audit entry for `obj` (flushed so that its id is known). The caller commits."""
    db.session.flush()
    user = current_user if has_request_context() and current_user.is_authenticated else None
    entry = AuditEntry(
        user_id=user.id if user else None,
        actor=actor or (user.email if user else "cli"),
        action=action,
        record_type=type(obj).__name__,
        record_id=str(getattr(obj, "id", "")),
        changes=_jsonable(changes) if changes else None,
    )
    db.session.add(entry)
    return entry


def changes_of(form_data: dict, obj, fields) -> dict:
    """{field: [old, new]} for the fields whose value differs."""
    out = {}
    for name in fields:
        old, new = getattr(obj, name, None), form_data.get(name)
        if old != new:
            out[name] = [old, new]
    return out


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def entries_about(record_type: str, record_ids, by_user_id: int | None = None, also=()):
    """A select() of the entries about these records (newest first), optionally also those made by a user and
    those about other (record_type, ids) pairs in `also`: the history staff read on a user's or a workshop's page."""
    from sqlalchemy import and_, or_, select

    conditions = [and_(AuditEntry.record_type == record_type, AuditEntry.record_id.in_([str(i) for i in record_ids]))]
    for other_type, other_ids in also:
        ids = [str(i) for i in other_ids]
        if ids:
            conditions.append(and_(AuditEntry.record_type == other_type, AuditEntry.record_id.in_(ids)))
    if by_user_id is not None:
        conditions.append(AuditEntry.user_id == by_user_id)
    return select(AuditEntry).where(or_(*conditions)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
