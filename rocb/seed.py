"""Loading the readable files of seed/ into the database: idempotent, and edits to a file update its rows."""

import csv
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from sqlalchemy import select

from rocb import audit
from rocb.extensions import db

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, what: str) -> None:
        bucket = self.created if kind == "created" else self.updated
        bucket[what] = bucket.get(what, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        names = sorted(set(self.created) | set(self.updated))
        return [f"{n}: {self.created.get(n, 0)} created, {self.updated.get(n, 0)} updated" for n in names]


def read_rows(name: str, seed_dir: Path | None = None) -> list[dict[str, str]]:
    with open((seed_dir or SEED_DIR) / name, newline="", encoding="utf-8") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def as_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def as_time(text: str) -> time | None:
    return time.fromisoformat(text) if text else None


def upsert(model, key: dict, values: dict, report: SeedReport, label: str, on_create: dict | None = None):
    """Find the row by its natural key; create it, or update the fields that differ. Audited as 'seed'.

    `on_create`: values written only when the row is new (defaults that staff may have replaced since)."""
    query = select(model).filter_by(**key)
    row = db.session.execute(query).scalar_one_or_none()
    if row is None:
        values = {**values, **(on_create or {})}
        row = model(**key, **values)
        db.session.add(row)
        audit.record("create", row, {**key, **values}, actor="seed")
        report.count("created", label)
        return row
    changes = {k: [getattr(row, k), v] for k, v in values.items() if getattr(row, k) != v}
    if changes:
        for k, (_, v) in changes.items():
            setattr(row, k, v)
        audit.record("update", row, changes, actor="seed")
        report.count("updated", label)
    return row
