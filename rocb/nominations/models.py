"""Calls for nominations: which administrations a workshop calls, their quotas, and whom they put forward.

The words kept apart (DESIGN.md "The cycle of a workshop's people"): an administration is *invited* (a call
goes to its focal points: `CallAdministration`); a focal point *nominates* an officer (`Nomination`, state
nominated); ROCB *confirms*, *waitlists* or *declines*; a nominee may *withdraw*. A confirmed nomination is a
participant of the workshop (`Participant`); attendance is kept per session (`SessionAttendance`).
"""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rocb.extensions import UTCDateTime, db, utcnow
from rocb.registry.models import Administration
from rocb.workshops.models import Participant, Workshop

STATES = ("nominated", "confirmed", "waitlisted", "declined", "withdrawn")
# States that hold a place within the quota.
COUNTED = ("nominated", "confirmed")


class Call(db.Model):
    """A call for nominations on a workshop: opened by staff, answered by the focal points until the deadline."""

    __tablename__ = "nomination_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    default_quota: Mapped[int] = mapped_column(default=2)
    roles_wanted: Mapped[str] = mapped_column(String(200), default="formal participant")  # "; "-separated
    deadline_local: Mapped[datetime]  # naive wall-clock time in the workshop's reference zone (what was announced)
    deadline_zone: Mapped[str] = mapped_column(String(64))
    deadline_utc: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    message: Mapped[str | None] = mapped_column(Text)
    # Automatic reminder to administrations without a reply this many days before the deadline (None: none).
    remind_days_before: Mapped[int | None]  # no column default: None (no reminder) must stay None
    auto_reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship()
    administrations: Mapped[list["CallAdministration"]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="CallAdministration.id")
    nominations: Mapped[list["Nomination"]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="Nomination.id")

    @property
    def roles(self) -> list[str]:
        return [r.strip() for r in self.roles_wanted.split(";") if r.strip()]

    def is_open(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) < self.deadline_utc and self.workshop.status != "cancelled"

    def __str__(self) -> str:
        return f"Call for nominations: {self.workshop.title}"


class CallAdministration(db.Model):
    """An administration invited by a call, with its quota (the call's default unless overridden)."""

    __tablename__ = "call_administrations"
    __table_args__ = (UniqueConstraint("call_id", "administration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("nomination_calls.id", ondelete="CASCADE"), index=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"), index=True)
    quota_override: Mapped[int | None]
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    call: Mapped[Call] = relationship(back_populates="administrations")
    administration: Mapped[Administration] = relationship()

    @property
    def quota(self) -> int:
        return self.call.default_quota if self.quota_override is None else self.quota_override


class Nomination(db.Model):
    """An officer put forward by their administration's focal point. Personal data: staff and that administration."""

    __tablename__ = "nominations"
    __table_args__ = (UniqueConstraint("call_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    call_id: Mapped[int] = mapped_column(ForeignKey("nomination_calls.id", ondelete="CASCADE"), index=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20))
    gender: Mapped[str | None] = mapped_column(String(10))
    position: Mapped[str | None] = mapped_column(String(160))
    state: Mapped[str] = mapped_column(String(12), default="nominated", index=True)
    # The invitation's SEQUENCE part of the participant (grows with each status change sent to them).
    sequence: Mapped[int] = mapped_column(default=0)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    nominated_by: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    call: Mapped[Call] = relationship(back_populates="nominations")
    administration: Mapped[Administration] = relationship()
    participant: Mapped[Participant | None] = relationship()
