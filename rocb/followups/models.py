"""The follow-up of a held workshop (Kirkpatrick level 3): months later, each administration whose officers attended
says whether it applied what they learnt. One follow-up per workshop and administration, answered (and edited) by
the administration's focal points."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rocb.extensions import UTCDateTime, db, utcnow
from rocb.registry.models import Administration
from rocb.workshops.models import Workshop

# What the administration says, in its words; "partly" and "fully" count as applied in the analysis.
APPLIED = (("not yet", "Not yet"), ("partly", "Partly"), ("fully", "Fully"))
APPLIED_VALUES = tuple(value for value, _ in APPLIED)
# Officers of an administration "attended" a workshop in these roles (experts, facilitators and speakers taught).
LEARNING_ROLES = ("formal participant", "observer")


class FollowUp(db.Model):
    __tablename__ = "follow_ups"
    __table_args__ = (UniqueConstraint("workshop_id", "administration_id"),)
    # Its own data version: an answer changes the analytics page (applied), not the calendar feeds.
    __data_domain__ = "followups"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"), index=True)
    due_on: Mapped[date]  # the day it was due (last day of the workshop + FOLLOWUP_AFTER_DAYS, or when staff sent it)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mailed_to: Mapped[int] = mapped_column(default=0)  # focal points mailed (0: the administration had none then)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    applied: Mapped[str | None] = mapped_column(String(10))  # None until answered; one of APPLIED_VALUES
    what_changed: Mapped[str | None] = mapped_column(Text)
    support_needed: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the latest save
    answered_by: Mapped[str | None] = mapped_column(String(254))  # e-mail of who saved it last (kept if they leave)
    version: Mapped[int] = mapped_column(default=0)  # grows with each save: two focal points never overwrite blindly

    workshop: Mapped[Workshop] = relationship()
    administration: Mapped[Administration] = relationship()

    @property
    def answered(self) -> bool:
        return self.applied is not None

    @property
    def applied_label(self) -> str:
        return dict(APPLIED).get(self.applied or "", "no answer yet")

    def __str__(self) -> str:
        return f"Follow-up of {self.workshop.title}: {self.administration.name}"
