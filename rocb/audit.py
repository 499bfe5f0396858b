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
