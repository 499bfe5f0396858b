"""What every service shares: a field-level refusal that views put next to the form field."""

from sqlalchemy import func, select

from rocb import audit
from rocb.extensions import db


class ServiceError(ValueError):
    """A use case refused: `errors` maps a form field (or "" for the whole form) to a message."""

    def __init__(self, errors: dict[str, str] | str):
        self.errors = {"": errors} if isinstance(errors, str) else dict(errors)
        super().__init__("; ".join(self.errors.values()))


def attach_errors(form, error: ServiceError) -> None:
    """Show a service's refusal next to the fields of a WTForms form (form-level ones in form.form_errors)."""
    for name, message in error.errors.items():
        field = getattr(form, name, None) if name else None
        if field is not None:
            field.errors = list(field.errors) + [message]
        else:
            form.form_errors.append(message)


def ensure_unique(model, column: str, value, current=None, label: str | None = None, case_insensitive=False):
    """Refuse a value already used by another row (checked before writing, so nothing is half-written)."""
    col = getattr(model, column)
    query = select(model.id).where(func.lower(col) == value.lower() if case_insensitive else col == value)
    if current is not None and current.id is not None:
        query = query.where(model.id != current.id)
    if db.session.execute(query.limit(1)).first():
        raise ServiceError({column: f"{label or column.replace('_', ' ').capitalize()} {value!r} is already used."})


def save_fields(obj, data: dict, fields) -> dict:
    """Copy `fields` from data onto obj, add obj to the session, and audit what changed. The caller commits."""
    creating = obj.id is None
    changes = audit.changes_of(data, obj, fields)
    for name in fields:
        setattr(obj, name, data.get(name))
    db.session.add(obj)
    audit.record("create" if creating else "update", obj, changes)
    return changes
